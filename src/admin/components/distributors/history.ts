import type { DistributorStatus } from "../../lib/mlm-types"

/**
 * GET /admin/mlm/distributors/:id/history: sponsor moves and status changes, append-only records
 * of who changed what and why. The page shows them as one timeline, newest first.
 */

export type SponsorMove = {
  id: string
  distributor_id: string
  from_sponsor_id: string
  to_sponsor_id: string
  subtree_size: number
  actor_id: string
  reason: string
  created_at: string
}

export type StatusChange = {
  id: string
  distributor_id: string
  from_status: DistributorStatus
  to_status: DistributorStatus
  actor_id: string
  reason: string
  created_at: string
}

export type DistributorHistory = { sponsor_moves: SponsorMove[]; status_changes: StatusChange[] }

export type HistoryEvent = ({ kind: "move" } & SponsorMove) | ({ kind: "status" } & StatusChange)

/** Both lists as one, newest first; equal times keep moves before status changes, then by id. */
export function historyTimeline(history: DistributorHistory): HistoryEvent[] {
  const events: HistoryEvent[] = [
    ...history.sponsor_moves.map((move) => ({ kind: "move" as const, ...move })),
    ...history.status_changes.map((change) => ({ kind: "status" as const, ...change })),
  ]
  return events.sort(
    (a, b) =>
      Date.parse(b.created_at) - Date.parse(a.created_at) ||
      (a.kind === b.kind ? 0 : a.kind === "move" ? -1 : 1) ||
      b.id.localeCompare(a.id)
  )
}
