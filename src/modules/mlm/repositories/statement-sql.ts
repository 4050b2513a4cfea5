/**
 * Reads of the ledger for the admin API and the distributor back office: lines with the facts
 * that explain them, balances by state, and one order's commission (record, adjustments, lines).
 */
import type { SqlExec } from "./sql-exec"

/** Which ledger lines: every criterion that is set must hold (GET /admin/mlm/ledger and its CSV export). */
export type LedgerLineCriteria = {
  beneficiary_node?: number
  order_id?: string
  status?: "pending" | "available" | "canceled"
  bonus?: string
  /** The line's commission period: its order's record's `period_key`, or its period run's. */
  period_key?: string
  /** Posted at or after (`from`), before (`to`). */
  from?: Date
  to?: Date
}

export type LedgerLineFilter = LedgerLineCriteria & { limit: number; offset: number }

export type LedgerLineRow = {
  id: string
  source_kind: string
  source_id: string
  beneficiary_node: number
  beneficiary_id: string | null
  bonus: string
  level: number
  amount_minor: string
  currency_code: string
  plan_version_id: string
  order_id: string | null
  base_minor: string | null
  rate_bp: number | null
  status: string
  hold_until: Date | null
  created_at: Date
}

/**
 * "Line `l` is one of order `param`'s", through the ledger's identity index: the order's own lines
 * have the order as source, its adjustments' lines the adjustment's key. `l.order_id = param`
 * alone has no index and read the whole ledger (67 ms at a million lines, twice per order view).
 */
const lineOfOrderSql = (param: string) =>
  `(l.order_id = ${param} AND l.source_id = ANY (ARRAY(
     SELECT ${param}::text UNION ALL SELECT a.adjustment_key FROM mlm_commission_adjustment a WHERE a.order_id = ${param})))`

/**
 * The criteria as a predicate on line `l` over bind parameters $1–$7, a null one being a criterion
 * that is not set; `ledgerCriteriaParams` gives them in that order. A period line's period is its
 * run's, any other line's its order's (as the statement reads it).
 */
export const LEDGER_CRITERIA_SQL = `($1::int IS NULL OR l.beneficiary_node = $1) AND ($2::text IS NULL OR ${lineOfOrderSql("$2")})
  AND ($3::text IS NULL OR l.status = $3) AND ($4::text IS NULL OR l.bonus = $4)
  AND ($5::text IS NULL OR CASE WHEN l.source_kind = 'period'
    THEN EXISTS (SELECT 1 FROM mlm_period_run run WHERE run.id = l.source_id AND run.period_key = $5)
    ELSE EXISTS (SELECT 1 FROM mlm_commission_record r WHERE r.order_id = l.order_id AND r.period_key = $5) END)
  AND ($6::timestamptz IS NULL OR l.created_at >= $6) AND ($7::timestamptz IS NULL OR l.created_at < $7)`

export const ledgerCriteriaParams = (criteria: LedgerLineCriteria): unknown[] => [
  criteria.beneficiary_node ?? null,
  criteria.order_id ?? null,
  criteria.status ?? null,
  criteria.bonus ?? null,
  criteria.period_key ?? null,
  criteria.from?.toISOString() ?? null,
  criteria.to?.toISOString() ?? null,
]

export async function listLedgerLines(exec: SqlExec, filter: LedgerLineFilter): Promise<{ rows: LedgerLineRow[]; count: number }> {
  const params = ledgerCriteriaParams(filter)
  const rows = await exec<LedgerLineRow>(
    `SELECT l.id, l.source_kind, l.source_id, l.beneficiary_node, d.id AS beneficiary_id, l.bonus, l.level, l.amount_minor,
            l.currency_code, l.plan_version_id, l.order_id, l.base_minor, l.rate_bp, l.status, l.hold_until, l.created_at
       FROM mlm_ledger_line l LEFT JOIN mlm_distributor d ON d.node_id = l.beneficiary_node
      WHERE ${LEDGER_CRITERIA_SQL}
      ORDER BY l.id DESC LIMIT $8 OFFSET $9`,
    [...params, filter.limit, filter.offset],
  )
  const [count] = await exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_ledger_line l WHERE ${LEDGER_CRITERIA_SQL}`, params)
  return { rows, count: Number(count?.n ?? 0) }
}

export async function balancesOf(exec: SqlExec, beneficiaryNode: number): Promise<{ currency_code: string; pending_minor: number; available_minor: number }[]> {
  const rows = await exec<{ currency_code: string; pending: string; available: string }>(
    `SELECT currency_code,
            coalesce(sum(amount_minor) FILTER (WHERE status = 'pending'), 0) AS pending,
            coalesce(sum(amount_minor) FILTER (WHERE status = 'available'), 0) AS available
       FROM mlm_ledger_line WHERE beneficiary_node = $1 GROUP BY currency_code ORDER BY currency_code`,
    [beneficiaryNode],
  )
  return rows.map((row) => ({ currency_code: row.currency_code, pending_minor: Number(row.pending), available_minor: Number(row.available) }))
}

export async function orderCommission(exec: SqlExec, orderId: string) {
  const [record] = await exec(`SELECT *, mlm_order_terms(order_id, zero_terms) AS terms FROM mlm_commission_record WHERE order_id = $1`, [orderId])
  if (!record) return null
  const adjustments = await exec(`SELECT * FROM mlm_commission_adjustment WHERE order_id = $1 ORDER BY id`, [orderId])
  const { rows: lines } = await listLedgerLines(exec, { order_id: orderId, limit: 10_000, offset: 0 })
  return { record, adjustments, lines }
}

/**
 * The ledger key (mlm_distributor.node_id) of a distributor id, or null when no live distributor
 * has that id. The HTTP API speaks distributor ids; the ledger is keyed by node.
 */
export async function nodeOfDistributor(exec: SqlExec, distributorId: string): Promise<number | null> {
  const [row] = await exec<{ node_id: number }>(
    `SELECT node_id FROM mlm_distributor WHERE id = $1 AND deleted_at IS NULL`,
    [distributorId],
  )
  return row ? Number(row.node_id) : null
}

/** Distributor ids of ledger nodes (soft-deleted ones included: old lines still name them). */
export async function distributorIdsOfNodes(exec: SqlExec, nodes: readonly number[]): Promise<Map<number, string>> {
  if (nodes.length === 0) return new Map()
  const rows = await exec<{ node_id: number; id: string }>(
    `SELECT node_id, id FROM mlm_distributor WHERE node_id = ANY($1::int[])`,
    [[...new Set(nodes)]],
  )
  return new Map(rows.map((row) => [Number(row.node_id), row.id]))
}
