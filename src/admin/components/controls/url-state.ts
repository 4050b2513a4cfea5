import { useCallback } from "react"
import { useSearchParams } from "react-router-dom"

/**
 * A page's filters kept in its URL query. Updates are functions of the CURRENT filters, read from
 * the browser's location rather than from this render: react-router commits a navigation in a
 * transition, so two quick changes (pick a status, then type a period and press Enter) would
 * otherwise build the second from a copy without the first, and lose it.
 */
export function useUrlState<T>(parse: (search: URLSearchParams) => T, serialize: (value: T) => URLSearchParams): [T, (change: (current: T) => T) => void] {
  const [search, setSearch] = useSearchParams()
  const update = useCallback(
    (change: (current: T) => T) => setSearch(serialize(change(parse(new URLSearchParams(window.location.search))))),
    [parse, serialize, setSearch]
  )
  return [parse(search), update]
}
