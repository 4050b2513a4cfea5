import type { MlmQuery } from "../../lib/mlm-http"
import type { DistributorStatus } from "../../lib/mlm-types"
import { DISTRIBUTOR_STATUSES } from "./distributor-text"

/**
 * The distributors list's search and filters in the page URL, and their query for
 * GET /admin/mlm/distributors; and the downline panel's query for
 * GET /admin/mlm/distributors/:id/downline. Values the API would refuse are dropped.
 */

export const DISTRIBUTOR_ORDERS = ["-enrolled_at", "enrolled_at", "referral_code", "-referral_code", "depth", "-depth", "-created_at", "created_at"] as const
export type DistributorOrder = (typeof DISTRIBUTOR_ORDERS)[number]

export const ORDER_LABELS: Record<DistributorOrder, string> = {
  "-enrolled_at": "Newest first",
  enrolled_at: "Oldest first",
  referral_code: "Referral code A–Z",
  "-referral_code": "Referral code Z–A",
  depth: "Closest to the house",
  "-depth": "Deepest first",
  "-created_at": "Newest record first",
  created_at: "Oldest record first",
}

export type DistributorFilters = {
  q?: string
  status?: DistributorStatus
  sponsor_id?: string
  order: DistributorOrder
  offset: number
}

const ID = /^[A-Za-z0-9_-]{1,64}$/
// The API's search text: 1..100 characters once trimmed, no NUL.
const searchText = (value: string | null) => {
  const text = value?.trim() ?? ""
  return text && text.length <= 100 && !text.includes("\u0000") ? text : undefined
}

export function distributorFiltersFromSearch(search: URLSearchParams): DistributorFilters {
  const status = search.get("status")
  const order = search.get("order")
  const sponsor = search.get("sponsor_id")
  const offset = Number(search.get("offset"))
  return {
    q: searchText(search.get("q")),
    status: (DISTRIBUTOR_STATUSES as readonly string[]).includes(status ?? "") ? (status as DistributorStatus) : undefined,
    sponsor_id: sponsor && ID.test(sponsor) ? sponsor : undefined,
    order: (DISTRIBUTOR_ORDERS as readonly string[]).includes(order ?? "") ? (order as DistributorOrder) : "-enrolled_at",
    offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0,
  }
}

export function distributorFiltersToSearch(filters: DistributorFilters): URLSearchParams {
  const search = new URLSearchParams()
  if (filters.q) search.set("q", filters.q)
  if (filters.status) search.set("status", filters.status)
  if (filters.sponsor_id) search.set("sponsor_id", filters.sponsor_id)
  if (filters.order !== "-enrolled_at") search.set("order", filters.order)
  if (filters.offset > 0) search.set("offset", String(filters.offset))
  return search
}

export function distributorListQuery(filters: DistributorFilters, limit: number): MlmQuery {
  return { q: filters.q, status: filters.status, sponsor_id: filters.sponsor_id, order: filters.order, limit, offset: filters.offset }
}

export const DOWNLINE_ORDERS = ["level", "enrolled_at", "referral_code"] as const
export type DownlineOrder = (typeof DOWNLINE_ORDERS)[number]

export type DownlineView = { depth: number; status?: DistributorStatus; order: DownlineOrder; offset: number }

/** Depth 1..the store's bound (`downline_max_depth`); the first levels by default. */
export function initialDownlineView(maxDepth: number): DownlineView {
  return { depth: Math.max(1, Math.min(3, maxDepth)), order: "level", offset: 0 }
}

export function downlineQuery(view: DownlineView, maxDepth: number, limit: number): MlmQuery {
  return { depth: Math.max(1, Math.min(view.depth, maxDepth)), status: view.status, order: view.order, limit, offset: view.offset }
}

/** Members within `depth` levels, from the detail's per-level counts. */
export function membersWithin(counts: readonly { level: number; count: number }[], depth: number): number {
  return counts.reduce((sum, row) => (row.level <= depth ? sum + row.count : sum), 0)
}
