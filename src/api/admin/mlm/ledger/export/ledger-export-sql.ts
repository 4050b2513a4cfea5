import type { SqlExec } from "../../../../../modules/mlm/repositories/sql-exec"
import { LEDGER_CRITERIA_SQL, ledgerCriteriaParams, type LedgerLineCriteria } from "../../../../../modules/mlm/repositories/statement-sql"

/**
 * The export's reads (route.ts): a bounded count, then keyset pages newest first. Both run in
 * the export's one REPEATABLE READ snapshot, so the file holds exactly the rows the audit row
 * counted. The criteria are those of GET /admin/mlm/ledger, as bind parameters.
 */

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

// GET /admin/mlm/ledger's criteria ($1–$7), then the keyset cursor.
const WHERE = `${LEDGER_CRITERIA_SQL} AND ($8::bigint IS NULL OR l.id < $8::bigint)`

const params = (criteria: LedgerLineCriteria, beforeId: string | null) => [...ledgerCriteriaParams(criteria), beforeId]

/** Rows the export will hold: those matching, up to `limit`. */
export async function countExportRows(exec: SqlExec, criteria: LedgerLineCriteria, beforeId: string | null, limit: number): Promise<number> {
  const [row] = await exec<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM mlm_ledger_line l WHERE ${WHERE} LIMIT $9) bounded`,
    [...params(criteria, beforeId), limit],
  )
  return Number(row.n)
}

export function exportPage(exec: SqlExec, criteria: LedgerLineCriteria, beforeId: string | null, size: number): Promise<LedgerExportRow[]> {
  return exec<LedgerExportRow>(
    `SELECT l.id::text AS id, l.created_at, d.id AS distributor_id, d.referral_code, d.customer_id, l.source_kind, l.source_id,
            l.order_id, l.bonus, l.level, l.amount_minor::text AS amount_minor, l.currency_code, l.base_minor::text AS base_minor,
            l.rate_bp, l.plan_version_id, l.status, l.hold_until
       FROM mlm_ledger_line l LEFT JOIN mlm_distributor d ON d.node_id = l.beneficiary_node
      WHERE ${WHERE}
      ORDER BY l.id DESC LIMIT $9`,
    [...params(criteria, beforeId), size],
  )
}
