/**
 * Response shapes of the audit routes (src/api/admin/mlm/audit/**, docs/security.md "Audit
 * trail"): rows oldest first by seq, and the chain verification report.
 */

export type AuditRow = {
  seq: number
  at: string
  event: string
  actor_type: string | null
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  ip: string | null
  user_agent: string | null
  outcome: "success" | "failure" | "denied"
  before: unknown
  after: unknown
  prev_hash: string
  hash: string
}

export type AuditList = { audit_log: AuditRow[]; next_after_seq: number; limit: number }

export type AuditVerifyReport = {
  ok: boolean
  rows_checked: number
  first_broken: { seq: number; reason: "hash_mismatch" | "prev_hash_mismatch" | "gap" | "anchor_mismatch"; detail: string } | null
  last_seq: number | null
  last_hash: string | null
  skipped_seqs: number
}
