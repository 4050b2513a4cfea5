import type { MlmQuery } from "../../lib/mlm-http"

/**
 * The audit page's filters (in the URL) and keyset paging for GET /admin/mlm/audit, which pages
 * forward by `after_seq` (oldest first): the page keeps the cursors it came through, so "back"
 * returns to exactly the rows it showed. Each filter is checked as the route checks it, and a
 * problem is shown instead of a 400.
 */

export type AuditFilters = { event?: string; target_type?: string; target_id?: string; actor_id?: string }

export const AUDIT_FILTER_KEYS = ["event", "target_type", "target_id", "actor_id"] as const
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number]

// The route's rules (src/api/admin/mlm/audit/validators.ts).
const CONTROL = /[\u0000-\u001f\u007f]/
const RULES: Record<AuditFilterKey, { test: (text: string) => boolean; problem: string }> = {
  event: { test: (text) => /^[a-z][a-z0-9_]{2,63}$/.test(text), problem: "An event name in lower_snake_case, e.g. authz_fail" },
  target_type: { test: (text) => /^[a-z][a-z0-9_]{0,39}$/.test(text), problem: "A target type in lower_snake_case, e.g. distributor" },
  target_id: { test: (text) => text.length <= 500 && !CONTROL.test(text), problem: "At most 500 characters, no control characters" },
  actor_id: { test: (text) => text.length <= 200 && !CONTROL.test(text), problem: "At most 200 characters, no control characters" },
}

export function auditFilterProblem(key: AuditFilterKey, text: string): string | null {
  return text === "" || RULES[key].test(text) ? null : RULES[key].problem
}

export function auditFiltersFromSearch(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {}
  for (const key of AUDIT_FILTER_KEYS) {
    const value = search.get(key)?.trim()
    if (value && auditFilterProblem(key, value) === null) filters[key] = value
  }
  return filters
}

export function auditFiltersToSearch(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams()
  for (const key of AUDIT_FILTER_KEYS) if (filters[key]) search.set(key, filters[key]!)
  return search
}

export function auditListQuery(filters: AuditFilters, afterSeq: number, limit: number): MlmQuery {
  return { ...filters, after_seq: afterSeq, limit }
}

/** The cursors behind the current page: `[0]` on the first page, then each page's start. */
export type CursorTrail = readonly number[]

export const firstPage = (): CursorTrail => [0]

export const currentCursor = (trail: CursorTrail): number => trail[trail.length - 1]

/** Forward to the rows after the last one shown; a full page is the only sign that more may follow. */
export function nextTrail(trail: CursorTrail, page: { rows: number; limit: number; next_after_seq: number }): CursorTrail | null {
  if (page.rows < page.limit || page.next_after_seq <= currentCursor(trail)) return null
  return [...trail, page.next_after_seq]
}

export function previousTrail(trail: CursorTrail): CursorTrail | null {
  return trail.length > 1 ? trail.slice(0, -1) : null
}

/** An anchor kept outside the database, as the verifier prints it: `<seq>:<sha256 hex>`. */
export function parseAnchor(text: string): { anchor_seq: number; anchor_hash: string } | null {
  const match = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/.exec(text.trim())
  if (!match || !Number.isSafeInteger(Number(match[1]))) return null
  return { anchor_seq: Number(match[1]), anchor_hash: match[2] }
}
