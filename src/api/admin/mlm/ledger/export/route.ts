import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { nodeOfDistributor, type LedgerLineCriteria } from "../../../../../modules/mlm/repositories/statement-sql"
import type { SqlExec } from "../../../../../modules/mlm/repositories/sql-exec"
import { recordAudit } from "../../../../../modules/mlm/security/audit"
import { customersByIds } from "../../../../customer-lookup"
import { CSV_BOM, csvRow } from "../../../../security/csv"
import { commissionGateway } from "../ledger-access"
import { countExportRows, exportPage, type LedgerExportRow } from "./ledger-export-sql"
import type { AdminLedgerExportQueryType } from "./validators"

/**
 * The ledger as CSV for finance (docs/security.md, "CSV exports"): the criteria of
 * GET /admin/mlm/ledger, newest first, at most `limit` lines, streamed page by page from one
 * read-only snapshot. Needs `exports` and a step-up MFA challenge (middleware-routes.ts).
 *
 * The export is audited (`data_exported`: who, from where, the filters, the row count) and that
 * row is committed before the first byte is sent: an export is never unrecorded. Payees' names
 * come from Medusa's customers and are text anyone could have typed: every cell goes through the
 * formula-injection neutraliser.
 */
const COLUMNS = [
  "id", "created_at", "distributor_id", "referral_code", "first_name", "last_name", "source_kind", "source_id", "order_id",
  "bonus", "level", "amount_minor", "currency_code", "base_minor", "rate_bp", "plan_version_id", "status", "hold_until",
] as const
const PAGE_ROWS = 1000

export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminLedgerExportQueryType>, res: MedusaResponse) {
  const { distributor_id, order_id, status, bonus, period_key, from, to, limit, before_id } = req.validatedQuery
  const gateway = await commissionGateway(req.scope)
  // An id that names no distributor is a criterion nothing matches (as in GET /admin/mlm/ledger).
  const node = distributor_id === undefined ? undefined : ((await nodeOfDistributor(gateway.db.exec, distributor_id)) ?? -1)
  const criteria: LedgerLineCriteria = { beneficiary_node: node, order_id, status, bonus, period_key, from, to }
  const beforeId = before_id ?? null

  await gateway.db.transaction(async (exec) => {
    await exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    const rows = await countExportRows(exec, criteria, beforeId, limit)
    await recordAudit(gateway.db.exec, {
      event: "data_exported",
      actor_type: "user",
      actor_id: req.auth_context.actor_id,
      target_type: "ledger",
      ip: req.ip ?? null,
      user_agent: req.get("user-agent") ?? null,
      after: {
        format: "csv",
        filters: {
          distributor_id: distributor_id ?? null,
          order_id: order_id ?? null,
          status: status ?? null,
          bonus: bonus ?? null,
          period_key: period_key ?? null,
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
          before_id: beforeId,
          limit,
        },
        rows,
      },
    })
    res.status(200)
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader("Content-Disposition", `attachment; filename="mlm-ledger-${new Date().toISOString().replace(/[:.]/g, "-")}.csv"`)
    res.setHeader("X-Mlm-Export-Rows", String(rows))
    try {
      await streamRows(req, res, exec, criteria, beforeId, rows)
    } catch (error) {
      // Headers are out: the only honest signal left is a cut connection, never a short file.
      req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`mlm: ledger export failed mid-stream: ${(error as Error).message}`)
      res.destroy(error as Error)
    }
  })
}

async function streamRows(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse,
  exec: SqlExec,
  criteria: LedgerLineCriteria,
  beforeId: string | null,
  total: number,
): Promise<void> {
  if (!(await write(res, CSV_BOM + csvRow(COLUMNS)))) return
  let cursor = beforeId
  let sent = 0
  while (sent < total) {
    const page = await exportPage(exec, criteria, cursor, Math.min(PAGE_ROWS, total - sent))
    if (page.length === 0) break
    const customers = await customersByIds(req.scope, page.map((row) => row.customer_id))
    const text = page.map((row) => csvRow(cells(row, customers.get(row.customer_id ?? "")))).join("")
    if (!(await write(res, text))) return
    sent += page.length
    cursor = page[page.length - 1].id
  }
  res.end()
}

function cells(row: LedgerExportRow, customer: { first_name: string | null; last_name: string | null } | undefined) {
  return [
    row.id,
    row.created_at,
    row.distributor_id,
    row.referral_code,
    customer?.first_name ?? null,
    customer?.last_name ?? null,
    row.source_kind,
    row.source_id,
    row.order_id,
    row.bonus,
    Number(row.level),
    // bigint text as BigInt: exact beyond 2^53, and a number, so `-123` stays numeric.
    BigInt(row.amount_minor),
    row.currency_code,
    row.base_minor === null ? null : BigInt(row.base_minor),
    row.rate_bp === null ? null : Number(row.rate_bp),
    row.plan_version_id,
    row.status,
    row.hold_until,
  ]
}

/** Writes with backpressure; false when the client went away (stop reading the database). */
async function write(res: MedusaResponse, text: string): Promise<boolean> {
  if (res.destroyed) return false
  if (res.write(text)) return true
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done)
      res.off("close", done)
      resolve()
    }
    res.once("drain", done)
    res.once("close", done)
  })
  return !res.destroyed
}
