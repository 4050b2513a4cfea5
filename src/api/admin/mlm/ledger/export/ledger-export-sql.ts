import type { SqlExec } from "../../../../../modules/mlm/repositories/sql-exec"
import { lineOfOrderSql } from "../../../../../modules/mlm/repositories/statement-sql"

/**
 * The export's reads (route.ts): a bounded count, then keyset pages newest first. Both run in
 * the export's one REPEATABLE READ snapshot, so the file holds exactly the rows the audit row
 * counted. Filters are bind parameters; a null parameter is a filter that is not set.
 */

export type LedgerExportFilter = {
  beneficiary_node: number | null
  order_id: string | null
  status: string | null
  bonus: string | null
}

export type LedgerExportRow = {
  id: string
  created_at: Date
  distributor_id: string | null
  referral_code: string | null
  customer_id: string | null
  source_kind: string
  source_id: string
  order_id: string | null
  bonus: string
  level: number
  amount_minor: string
  currency_code: string
  base_minor: string | null
  rate_bp: number | null
  plan_version_id: string
  status: string
  hold_until: Date | null
}

const WHERE = `($1::int IS NULL OR l.beneficiary_node = $1) AND ($2::text IS NULL OR ${lineOfOrderSql("$2")})
  AND ($3::text IS NULL OR l.status = $3) AND ($4::text IS NULL OR l.bonus = $4) AND ($5::bigint IS NULL OR l.id < $5::bigint)`

const params = (filter: LedgerExportFilter, beforeId: string | null) => [filter.beneficiary_node, filter.order_id, filter.status, filter.bonus, beforeId]

/** Rows the export will hold: those matching, up to `limit`. */
export async function countExportRows(exec: SqlExec, filter: LedgerExportFilter, beforeId: string | null, limit: number): Promise<number> {
  const [row] = await exec<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM mlm_ledger_line l WHERE ${WHERE} LIMIT $6) bounded`,
    [...params(filter, beforeId), limit],
  )
  return Number(row.n)
}

export function exportPage(exec: SqlExec, filter: LedgerExportFilter, beforeId: string | null, size: number): Promise<LedgerExportRow[]> {
  return exec<LedgerExportRow>(
    `SELECT l.id::text AS id, l.created_at, d.id AS distributor_id, d.referral_code, d.customer_id, l.source_kind, l.source_id,
            l.order_id, l.bonus, l.level, l.amount_minor::text AS amount_minor, l.currency_code, l.base_minor::text AS base_minor,
            l.rate_bp, l.plan_version_id, l.status, l.hold_until
       FROM mlm_ledger_line l LEFT JOIN mlm_distributor d ON d.node_id = l.beneficiary_node
      WHERE ${WHERE}
      ORDER BY l.id DESC LIMIT $6`,
    [...params(filter, beforeId), size],
  )
}
