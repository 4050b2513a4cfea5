/**
 * The audit trail's one writer (docs/security.md). Rows are appended to mlm_audit_log; the
 * database numbers them, timestamps them and links each to the previous one by hash under a
 * lock (Migration20261121140000), and refuses UPDATE and DELETE. Event names follow the OWASP
 * logging vocabulary (e.g. `authz_fail`, `authn_mfa_enabled`, `privilege_permissions_changed`,
 * `user_updated`, `sys_crypto_key_rotated`, `data_exported`, `data_deleted`), or `mlm_*` for
 * domain events (e.g. `mlm_sponsor_moved`, `mlm_plan_activated`, `mlm_ledger_adjusted`).
 */
import type { SqlExec } from "../repositories/sql-exec"

export type AuditActorType = "user" | "customer" | "system"

export interface AuditEvent {
  event: string
  actor_type?: AuditActorType | null
  actor_id?: string | null
  target_type?: string | null
  target_id?: string | null
  ip?: string | null
  user_agent?: string | null
  outcome?: "success" | "failure" | "denied"
  before?: unknown
  after?: unknown
}

const EVENT_NAME = /^[a-z][a-z0-9_]{2,63}$/

/** Appends one audit row in the caller's transaction (so it commits or rolls back with the change). */
export async function recordAudit(exec: SqlExec, event: AuditEvent): Promise<void> {
  if (!EVENT_NAME.test(event.event)) throw new Error(`Audit event name ${JSON.stringify(event.event)} is not a lower_snake_case name`)
  await exec(
    `INSERT INTO mlm_audit_log (event, actor_type, actor_id, target_type, target_id, ip, user_agent, outcome, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      event.event,
      event.actor_type ?? null,
      event.actor_id ?? null,
      event.target_type ?? null,
      event.target_id ?? null,
      event.ip?.slice(0, 100) ?? null,
      event.user_agent?.slice(0, 500) ?? null,
      event.outcome ?? "success",
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
    ],
  )
}
