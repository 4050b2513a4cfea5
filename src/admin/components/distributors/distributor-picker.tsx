import { XMarkMini } from "@medusajs/icons"
import { Badge, IconButton, Input, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor, DistributorDetail, DistributorList } from "../../lib/mlm-types"
import { distributorName } from "./distributor-text"

/**
 * Picks one distributor by referral code, email or name (GET /admin/mlm/distributors?q=, the
 * same search as the list page): type, then choose among the first matches. A picked one shows
 * as a chip with its referral code; clearing it empties the value.
 */

const SUGGESTIONS = 8

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return debounced
}

export function DistributorPicker({
  value,
  onChange,
  testId,
  label = "Distributor",
  excludeId,
}: {
  value: string | undefined
  onChange: (distributorId: string | undefined) => void
  testId: string
  label?: string
  /** Left out of the suggestions (a distributor cannot be its own sponsor). */
  excludeId?: string
}) {
  const [text, setText] = useState("")
  const q = useDebounced(text.trim(), 250)
  const suggestions = useMlmQuery<DistributorList>(q && !value ? "/distributors" : null, { q, limit: SUGGESTIONS, order: "referral_code" })
  // `depth=1` keeps the detail read small: only the chip's referral code is needed.
  const picked = useMlmQuery<DistributorDetail>(value ? mlmPath`/distributors/${value}` : null, { depth: 1 }, { staleTime: 60_000 })

  if (value) {
    const code = picked.data?.distributor.referral_code
    return (
      <div className="flex items-center gap-x-1" data-testid={`${testId}-picked`} data-distributor-id={value}>
        <Badge size="small">{code ?? (picked.error ? value : "…")}</Badge>
        <IconButton size="small" variant="transparent" aria-label={`Clear ${label.toLowerCase()}`} onClick={() => onChange(undefined)} data-testid={`${testId}-clear`}>
          <XMarkMini />
        </IconButton>
      </div>
    )
  }

  const rows = (suggestions.data?.distributors ?? []).filter((row) => row.id !== excludeId)
  return (
    <div className="relative">
      <Input
        size="small"
        type="search"
        aria-label={label}
        placeholder="Referral code, email or name"
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-testid={testId}
      />
      {q ? (
        <div className="bg-ui-bg-base shadow-elevation-flyout absolute z-10 mt-1 flex w-full min-w-[240px] flex-col rounded-md p-1" data-testid={`${testId}-options`}>
          {suggestions.isPending ? (
            <Text size="xsmall" className="px-2 py-1 text-ui-fg-subtle">
              Searching…
            </Text>
          ) : suggestions.error ? (
            <Text size="xsmall" className="px-2 py-1 text-ui-fg-error">
              {suggestions.error.message}
            </Text>
          ) : rows.length === 0 ? (
            <Text size="xsmall" className="px-2 py-1 text-ui-fg-subtle" data-testid={`${testId}-no-match`}>
              No distributor matches.
            </Text>
          ) : (
            rows.map((row) => <Suggestion key={row.id} row={row} onPick={() => (setText(""), onChange(row.id))} testId={`${testId}-option`} />)
          )}
        </div>
      ) : null}
    </div>
  )
}

function Suggestion({ row, onPick, testId }: { row: Distributor; onPick: () => void; testId: string }) {
  return (
    <button type="button" className="hover:bg-ui-bg-base-hover flex flex-col items-start rounded px-2 py-1 text-left" onClick={onPick} data-testid={testId} data-distributor-id={row.id}>
      <Text size="small" weight="plus">
        {row.referral_code}
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {distributorName(row)}
      </Text>
    </button>
  )
}
