import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import path from "node:path"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"
import { Client } from "pg"
import { parsePlan, planVersionHash } from "../../src/engine"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type { DistributorDTO } from "../../src/modules/mlm"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import type { CallerHeaders } from "../helpers/http"
import { mlmOf } from "../helpers/mlm-tree"

/** What integration-tests/security/audit.spec.ts needs besides the HTTP client. */

export const USD_PLAN = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }
export const STEP_UP = "This action needs an MFA challenge completed in the last 5 minutes: verify again at /admin/mlm/mfa/verify"

export async function execOf(container: MedusaContainer): Promise<SqlExec> {
  return (await mlmOf(container).commissions()).db.exec
}

export async function lastSeq(exec: SqlExec): Promise<number> {
  const [row] = await exec<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM mlm_audit_log`)
  return Number(row.seq ?? 0)
}

export type AuditFacts = {
  event: string
  actor_type: string | null
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  outcome: string
  before: unknown
  after: unknown
}

/** Rows after `seq`, as the change recorded them (who, what, on what, before and after). */
export function auditFactsAfter(exec: SqlExec, seq: number): Promise<AuditFacts[]> {
  return exec<AuditFacts>(
    `SELECT event, actor_type, actor_id, target_type, target_id, outcome, before, after FROM mlm_audit_log WHERE seq > $1 ORDER BY seq`,
    [seq],
  )
}

/** The plan version in force for USD since 2000, written straight to the tables. */
export async function seedUsdVersion(exec: SqlExec): Promise<{ plan_id: string; plan_version_id: string; hash: string }> {
  const plan = parsePlan(USD_PLAN)
  const hash = planVersionHash(plan)
  await exec(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ('mlmplan_audit_seed', 'seed', 'monthly', $1::jsonb)`, [JSON.stringify(USD_PLAN)])
  await exec(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
     VALUES ('mlmplv_audit_seed', 'mlmplan_audit_seed', 1, 'USD', 'monthly', $1::jsonb, $2, '2000-01-01T00:00:00Z')`,
    [JSON.stringify(plan), hash],
  )
  return { plan_id: "mlmplan_audit_seed", plan_version_id: "mlmplv_audit_seed", hash }
}

/** One order of 100.00 (CV 100.00) by `buyer`, through the commission worker's batch processor. */
export async function seedOrder(container: MedusaContainer, orderId: string, buyer: DistributorDTO): Promise<void> {
  const job: OrderJob = {
    kind: "order",
    order_id: orderId,
    currency_code: "USD",
    placed_at: new Date(Date.now() - 60_000).toISOString(),
    customer_id: buyer.customer_id,
    distributor_id: buyer.id,
    referrer_id: null,
    total_minor: 10000,
    items: [{ item_id: `${orderId}_item`, variant_id: null, quantity: 1, unit_price_minor: 10000, cv_minor: 10000 }],
    retail_minor: null,
    wholesale_minor: null,
  }
  const db = (await mlmOf(container).commissions()).db
  const outcome = await processOrderBatch(db, [job], { holdingDays: 30, now: () => new Date() })
  if (outcome.recorded !== 1) throw new Error(`order ${orderId} was not recorded: ${JSON.stringify(outcome)}`)
}

/** The MFA session the bearer token completed its challenge in (mfa-middleware's hash). */
export function bearerHash(headers: CallerHeaders): string {
  return createHash("sha256").update(`bearer:${headers.authorization.slice("Bearer ".length)}`).digest("hex")
}

export type SiemLine = Record<string, unknown> & { seq: number; hash: string; prev_hash: string; event_name: string }

/** One SIEM export: status, cursor headers and the parsed lines (the body must end in a newline). */
export async function siemExport(api: AxiosInstance, query: string, headers: CallerHeaders) {
  const response = await api.get(`/admin/mlm/audit/export${query}`, { headers, validateStatus: () => true, responseType: "text", transformResponse: (body) => body })
  const body = String(response.data)
  const ok = response.status === 200
  if (ok && body !== "" && !body.endsWith("\n")) throw new Error(`export body does not end with a newline: ${body.slice(-80)}`)
  return {
    status: response.status,
    contentType: response.headers["content-type"],
    nextAfterSeq: Number(response.headers["x-next-after-seq"]),
    rows: Number(response.headers["x-audit-rows"]),
    lines: ok ? body.split("\n").filter(Boolean).map((line) => JSON.parse(line) as SiemLine) : [],
    message: ok ? undefined : (JSON.parse(body) as { message: string }).message,
  }
}

/** A superuser connection of the test's own, as an operator with psql would have. */
export async function superuser(url: string): Promise<Client> {
  const client = new Client({ connectionString: url })
  await client.connect()
  return client
}

/** `npm run audit:verify` against the test database, as an operator runs it. */
export function npmAuditVerify(url: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "--silent", "audit:verify", ...(args.length ? ["--", ...args] : [])],
      { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: "" }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}
