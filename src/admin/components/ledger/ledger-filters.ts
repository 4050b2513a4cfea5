import { LEDGER_BONUSES, LEDGER_LINE_STATUSES } from "../../../api/admin/mlm/ledger/ledger-vocabulary"
import type { MlmQuery } from "../../lib/mlm-http"

/**
 * The ledger page's filters, kept in the page's URL (so links such as
 * `/mlm/ledger?distributor_id=…` from other pages and the back button work), mapped to the
 * query of GET /admin/mlm/ledger and of its CSV export. Values the API would refuse are dropped
 * when read from the URL, so a hand-edited link shows every line rather than an error.
 */

// The API's own vocabulary (ledger-vocabulary.ts is pure data the bundle can take).
export { LEDGER_BONUSES, LEDGER_LINE_STATUSES }
export type LedgerStatus = (typeof LEDGER_LINE_STATUSES)[number]
export type LedgerBonus = (typeof LEDGER_BONUSES)[number]

export type LedgerFilters = {
  status?: LedgerStatus
  bonus?: LedgerBonus
  /** A commission period: a month `2026-11` or an ISO week `2026-W47`. */
  period_key?: string
  /** Posted on or after this day (UTC), `YYYY-MM-DD`. */
  from?: string
  /** Posted on or before this day (UTC), inclusive as the admin reads it. */
  to?: string
  distributor_id?: string
  order_id?: string
  offset: number
}

export const FILTER_KEYS = ["status", "bonus", "period_key", "from", "to", "distributor_id", "order_id"] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

const PERIOD_KEY = /^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3]))$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
const ID = /^[A-Za-z0-9_-]{1,64}$/

export function isPeriodKey(text: string): boolean {
  return PERIOD_KEY.test(text)
}

export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined

const matching = (pattern: RegExp | ((text: string) => boolean), value: string | null): string | undefined => {
  if (value === null || value === "") return undefined
  return (typeof pattern === "function" ? pattern(value) : pattern.test(value)) ? value : undefined
}

export function filtersFromSearch(search: URLSearchParams): LedgerFilters {
  const offset = Number(search.get("offset"))
  return {
    status: oneOf(LEDGER_LINE_STATUSES, search.get("status")),
    bonus: oneOf(LEDGER_BONUSES, search.get("bonus")),
    period_key: matching(PERIOD_KEY, search.get("period_key")),
    from: matching(isDay, search.get("from")),
    to: matching(isDay, search.get("to")),
    distributor_id: matching(ID, search.get("distributor_id")),
    order_id: matching(ID, search.get("order_id")),
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
  }
}

export function filtersToSearch(filters: LedgerFilters): URLSearchParams {
  const search = new URLSearchParams()
  for (const key of FILTER_KEYS) {
    const value = filters[key]
    if (value) search.set(key, value)
  }
  if (filters.offset > 0) search.set("offset", String(filters.offset))
  return search
}

/** A filter changed: back to the first page (the old offset may be past the new end). */
export function withFilter(filters: LedgerFilters, key: FilterKey, value: string | undefined): LedgerFilters {
  return { ...filters, [key]: value === "" ? undefined : value, offset: 0 }
}

/** The next day: an inclusive last day as the API's exclusive `to`. */
export function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

export function dateRangeProblem(filters: Pick<LedgerFilters, "from" | "to">): string | null {
  if (filters.from && filters.to && filters.from > filters.to) return "The first day is after the last day"
  return null
}

export function activeFilterCount(filters: LedgerFilters): number {
  return FILTER_KEYS.filter((key) => filters[key]).length
}

/** The criteria of GET /admin/mlm/ledger and of its CSV export; null while the date range is backwards (the API would refuse it). */
function ledgerCriteria(filters: LedgerFilters): MlmQuery | null {
  if (dateRangeProblem(filters)) return null
  return {
    status: filters.status,
    bonus: filters.bonus,
    period_key: filters.period_key,
    from: filters.from,
    to: filters.to ? dayAfter(filters.to) : undefined,
    distributor_id: filters.distributor_id,
    order_id: filters.order_id,
  }
}

/** GET /admin/mlm/ledger's query for one page. */
export function ledgerListQuery(filters: LedgerFilters, limit: number): MlmQuery | null {
  const criteria = ledgerCriteria(filters)
  return criteria && { ...criteria, limit, offset: filters.offset }
}

/** The export's query: the lines the page lists, every page of them. */
export function ledgerExportQuery(filters: LedgerFilters): MlmQuery | null {
  return ledgerCriteria(filters)
}
