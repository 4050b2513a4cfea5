import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance, AxiosResponse } from "axios"
import type { DistributorDTO } from "../../src/modules/mlm"
import type { AdminCaller } from "../helpers/admin-auth"
import type { CustomerCaller } from "../helpers/customer-auth"
import type { CallerHeaders, HttpClient } from "../helpers/http"
import type { StoreFixture } from "../helpers/store-fixture"
import { mlmOf } from "../helpers/mlm-tree"

/**
 * What the access suite needs besides the helpers: a fingerprint of every table an attack could
 * change (so "nothing changed" is checked row by row, not assumed), the audit rows written
 * since a point, and one concrete request per route of the permission table.
 */

/** house → U → M → D → DD, M → D2 → chain[0..19]; U → S → SC; house → X. */
export type Tree = Record<"U" | "M" | "D" | "DD" | "D2" | "S" | "SC" | "X", DistributorDTO> & { chain: DistributorDTO[] }
/** The members who can log in to the store. */
export type Logins = Record<"U" | "M" | "D" | "S" | "X", CustomerCaller>

/** What the scenario files get from the suite once it has booted and seeded. */
export type AccessContext = {
  container: MedusaContainer
  http: HttpClient
  put: Put
  admin: AdminCaller
  callers: Record<"admin" | "viewer" | "support" | "finance" | "none", AdminCaller>
  tree: Tree
  logins: Logins
  store: StoreFixture
  ids: AttemptIds
}

const WATCHED_TABLES = [
  "mlm_distributor",
  "mlm_admin_role",
  "mlm_plan",
  "mlm_plan_version",
  "mlm_variant_cv",
  "mlm_commission_record",
  "mlm_commission_adjustment",
  "mlm_ledger_line",
  "mlm_sponsor_move",
  "mlm_status_change",
  "mlm_outbox",
  "mlm_checkout_enrollment",
  "mlm_customer_attribution",
  "mlm_mfa_factor",
] as const

async function execOf(container: MedusaContainer) {
  return (await mlmOf(container).commissions()).db.exec
}

/** Row count and an md5 of every row's text, per table. */
export async function snapshotTables(container: MedusaContainer): Promise<Record<string, string>> {
  const exec = await execOf(container)
  const snapshot: Record<string, string> = {}
  for (const table of WATCHED_TABLES) {
    const [row] = await exec<{ fingerprint: string }>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') AS fingerprint FROM ${table} t`
    )
    snapshot[table] = row.fingerprint
  }
  return snapshot
}

export async function lastAuditSeq(container: MedusaContainer): Promise<number> {
  const [row] = await (await execOf(container))<{ seq: string | null }>(`SELECT max(seq) AS seq FROM mlm_audit_log`)
  return Number(row.seq ?? 0)
}

export type AuditRow = {
  event: string
  actor_type: string | null
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  outcome: string
  before: unknown
  after: unknown
}

export async function auditRowsAfter(container: MedusaContainer, seq: number): Promise<AuditRow[]> {
  return (await execOf(container))<AuditRow>(
    `SELECT event, actor_type, actor_id, target_type, target_id, outcome, before, after
       FROM mlm_audit_log WHERE seq > $1 ORDER BY seq`,
    [seq]
  )
}

export type Attempt = { method: "GET" | "POST" | "PUT" | "DELETE"; url: string; body?: unknown }

export type AttemptIds = {
  distributorId: string
  otherDistributorId: string
  freshCustomerId: string
  planId: string
  variantId: string
  ownUserId: string
  adminUserId: string
}

/**
 * A real request for a table entry, shaped so that it WOULD change data if the gate let it
 * through: terminate a distributor, move it, cancel commissions, take the admin role for
 * oneself, revoke the admin's role, activate a plan...
 */
export function attemptFor(key: string, ids: AttemptIds): Attempt {
  const [method, matcher] = key.split(" ") as [Attempt["method"], string]
  const isPlan = matcher.startsWith("/admin/mlm/plans/")
  const url = matcher
    .replace(":id", isPlan ? ids.planId : ids.distributorId)
    .replace(":order_id", "order_attack")
    .replace(":job_id", "order-order_attack")
    .replace(":variant_id", ids.variantId)
    .replace(":user_id", method === "DELETE" ? ids.adminUserId : ids.ownUserId)
  const queries: Record<string, string> = {
    "GET /admin/mlm/plan-versions/active": "?currency_code=USD",
    "GET /admin/mlm/variants/cv": `?variant_id=${ids.variantId}`,
  }
  const bodies: Record<string, unknown> = {
    "POST /admin/mlm/distributors": { customer_id: ids.freshCustomerId },
    "POST /admin/mlm/distributors/:id/status": { status: "terminated", reason: "attack" },
    "POST /admin/mlm/distributors/:id/move": { sponsor_id: ids.otherDistributorId, reason: "attack" },
    "POST /admin/mlm/commissions/:order_id/adjustments": { type: "cancel" },
    "POST /admin/mlm/jobs/:job_id/retry": {},
    "POST /admin/mlm/plans": { name: "attack", draft: {} },
    "POST /admin/mlm/plans/:id": { name: "renamed by attack" },
    "POST /admin/mlm/plans/:id/validate": {},
    "POST /admin/mlm/plans/:id/simulate": { sample: { limit: 10 } },
    "POST /admin/mlm/plans/:id/activate": { effective_from: "2031-01-01T00:00:00Z" },
    "POST /admin/mlm/variants/:variant_id/cv": { cv_bp: 1 },
    "POST /admin/mlm/mfa/enroll": {},
    "POST /admin/mlm/mfa/enroll/confirm": { code: "123456" },
    "POST /admin/mlm/mfa/verify": { code: "123456" },
    "PUT /admin/mlm/roles/:user_id": { role: "admin" },
  }
  return { method, url: url + (queries[key] ?? ""), body: bodies[key] }
}

/** The shared client has no PUT (no route used one before the role routes). */
export type Put = (url: string, body: unknown, headers: CallerHeaders) => Promise<AxiosResponse>

export function putWith(api: AxiosInstance): Put {
  return (url, body, headers) => api.put(url, body, { headers, validateStatus: () => true })
}

export function send(http: HttpClient, put: Put, attempt: Attempt, headers: CallerHeaders): Promise<AxiosResponse> {
  if (attempt.method === "GET") return http.get(attempt.url, headers)
  if (attempt.method === "DELETE") return http.delete(attempt.url, headers)
  if (attempt.method === "PUT") return put(attempt.url, attempt.body ?? {}, headers)
  return http.post(attempt.url, attempt.body ?? {}, headers)
}
