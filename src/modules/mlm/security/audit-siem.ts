/**
 * One audit row as a SIEM event, in the fields of the OWASP Logging Vocabulary Cheat Sheet
 * (datetime, appid, event, level, description, useragent, source_ip, request_uri, ...) plus what
 * a collector needs to keep the trail tamper-evident on its side: seq, prev_hash and hash
 * (docs/security.md, "SIEM export").
 *
 * `event` is the vocabulary's `name:arguments` form (`authz_fail:user_01,/admin/mlm/ledger`, the
 * actor then the target); `event_name` is the bare name, for filtering.
 */
import type { AuditRowDTO } from "./audit-read"

export const SIEM_APP_ID = "medusa-plugin-mlm"
/** What an export's `data_exported` row names as its format. */
export const SIEM_EXPORT_FORMAT = "medusa-plugin-mlm/siem-ndjson@1"

export type SiemLevel = "INFO" | "WARN" | "CRITICAL"

export type SiemEvent = {
  datetime: string
  appid: string
  event: string
  event_name: string
  level: SiemLevel
  description: string
  useragent: string | null
  source_ip: string | null
  request_uri?: string
  request_method?: string
  actor: { type: string | null; id: string | null }
  target: { type: string | null; id: string | null }
  outcome: AuditRowDTO["outcome"]
  before: unknown
  after: unknown
  seq: number
  prev_hash: string
  hash: string
}

// The vocabulary rates a refused authorization and a replayed credential critical.
const CRITICAL = new Set(["authz_fail", "authn_mfa_replay"])
const WARN = new Set([
  "privilege_permissions_changed",
  "authn_mfa_locked",
  "authn_mfa_reset",
  "data_exported",
  "data_deleted",
  "sys_crypto_key_rotated",
  "mlm_plan_activated",
  "mlm_ledger_adjusted",
  "mlm_period_closed",
])

export function siemLevel(row: Pick<AuditRowDTO, "event" | "outcome">): SiemLevel {
  if (CRITICAL.has(row.event)) return "CRITICAL"
  if (row.outcome !== "success" || WARN.has(row.event)) return "WARN"
  return "INFO"
}

const PHRASES: Record<string, string> = {
  authz_fail: "was refused an MLM admin route",
  privilege_permissions_changed: "changed an MLM admin role",
  authn_mfa_enrollment_started: "started enrolling an MFA factor",
  authn_mfa_enroll_denied: "was refused MFA enrollment",
  authn_mfa_enabled: "confirmed an MFA factor",
  authn_mfa_success: "completed an MFA challenge",
  authn_mfa_fail: "failed an MFA challenge",
  authn_mfa_replay: "replayed an MFA code",
  authn_mfa_locked: "was locked out of MFA",
  authn_mfa_required: "was refused a route without a recent MFA challenge",
  authn_mfa_reset: "reset an MFA factor",
  data_viewed: "revealed personal data",
  data_updated: "changed personal data",
  data_exported: "exported data",
  data_deleted: "erased personal data",
  sys_crypto_key_rotated: "rotated the encryption keys",
  mlm_sponsor_moved: "moved a distributor to another sponsor",
  mlm_status_changed: "changed a distributor's status",
  mlm_plan_created: "created a plan draft",
  mlm_plan_updated: "changed a plan draft",
  mlm_plan_activated: "activated a plan version",
  mlm_variant_cv_set: "set a variant's commissionable value",
  mlm_variant_cv_deleted: "removed a variant's commissionable value",
  mlm_ledger_adjusted: "adjusted an order's commissions",
  mlm_period_closed: "closed a commission period",
}

export function siemDescription(row: AuditRowDTO): string {
  const actor = row.actor_type || row.actor_id ? [row.actor_type, row.actor_id].filter(Boolean).join(" ") : "an unknown actor"
  const what = PHRASES[row.event] ?? `recorded ${row.event}`
  const target = row.target_type || row.target_id ? ` (${[row.target_type, row.target_id].filter(Boolean).join(" ")})` : ""
  const outcome = row.outcome === "success" ? "" : `: ${row.outcome}`
  return `${actor} ${what}${target}${outcome}`
}

function requestOf(after: unknown): { request_uri?: string; request_method?: string } {
  if (!after || typeof after !== "object") return {}
  const { path, method } = after as { path?: unknown; method?: unknown }
  return {
    ...(typeof path === "string" ? { request_uri: path } : {}),
    ...(typeof method === "string" ? { request_method: method } : {}),
  }
}

export function toSiemEvent(row: AuditRowDTO): SiemEvent {
  const args = [row.actor_id, row.target_id].filter((value): value is string => Boolean(value))
  return {
    datetime: row.at,
    appid: SIEM_APP_ID,
    event: args.length ? `${row.event}:${args.join(",")}` : row.event,
    event_name: row.event,
    level: siemLevel(row),
    description: siemDescription(row),
    useragent: row.user_agent,
    source_ip: row.ip,
    ...requestOf(row.after),
    actor: { type: row.actor_type, id: row.actor_id },
    target: { type: row.target_type, id: row.target_id },
    outcome: row.outcome,
    before: row.before,
    after: row.after,
    seq: row.seq,
    prev_hash: row.prev_hash,
    hash: row.hash,
  }
}
