/**
 * SQL of the commission ledger (docs/ledger.md). Set-based: one statement per step for a whole
 * batch of orders (arrays through unnest), never one statement per line or per distributor.
 * bigint columns come back from the driver as strings; callers convert with Number() (amounts
 * stay far below 2^53).
 */
import type { SqlExec } from "./sql-exec"

export type DistributorFacts = {
  id: string
  node_id: number
  path: number[]
  status: string
  rank: string | null
  is_house: boolean
  enrolled_at: Date
  pv_period_key: string | null
  pv_minor: string
}

export async function selectRecordedOrders(exec: SqlExec, orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set()
  const rows = await exec<{ order_id: string }>(
    `SELECT order_id FROM mlm_commission_record WHERE order_id = ANY($1::text[])`,
    [orderIds],
  )
  return new Set(rows.map((row) => row.order_id))
}

export async function selectDistributorsById(exec: SqlExec, ids: string[]): Promise<Map<string, DistributorFacts>> {
  if (ids.length === 0) return new Map()
  const rows = await exec<DistributorFacts>(
    `SELECT id, node_id, path, status, rank, is_house, enrolled_at, pv_period_key, pv_minor
       FROM mlm_distributor WHERE id = ANY($1::text[]) AND deleted_at IS NULL`,
    [ids],
  )
  return new Map(rows.map((row) => [row.id, row]))
}

export type NodeFacts = Omit<DistributorFacts, "id" | "path" | "enrolled_at">

export async function selectNodes(exec: SqlExec, nodes: number[]): Promise<Map<number, NodeFacts>> {
  if (nodes.length === 0) return new Map()
  const rows = await exec<NodeFacts>(
    `SELECT node_id, status, rank, is_house, pv_period_key, pv_minor
       FROM mlm_distributor WHERE node_id = ANY($1::int[])`,
    [nodes],
  )
  return new Map(rows.map((row) => [row.node_id, row]))
}

export type PlanVersionRow = {
  id: string
  currency_code: string
  period: "weekly" | "monthly"
  definition: unknown
  effective_from: Date
}

export async function selectPlanVersions(exec: SqlExec, currencies: string[]): Promise<PlanVersionRow[]> {
  if (currencies.length === 0) return []
  return exec<PlanVersionRow>(
    `SELECT id, currency_code, period, definition, effective_from
       FROM mlm_plan_version WHERE currency_code = ANY($1::text[]) ORDER BY effective_from`,
    [currencies],
  )
}

export type CommissionRecordInsert = {
  order_id: string
  plan_version_id: string | null
  currency_code: string
  customer_id: string | null
  owner_node: number | null
  buyer_kind: "distributor" | "customer" | "none"
  cv_minor: number
  total_minor: number
  retail_minor: number | null
  wholesale_minor: number | null
  items: unknown
  terms: unknown
  period_key: string
  placed_at: string
  hold_until: string
}

/** Inserts the records that are not there yet and returns the order ids this call inserted. */
export async function insertCommissionRecords(exec: SqlExec, records: CommissionRecordInsert[]): Promise<Set<string>> {
  if (records.length === 0) return new Set()
  const col = <K extends keyof CommissionRecordInsert>(key: K) => records.map((record) => record[key])
  const json = <K extends keyof CommissionRecordInsert>(key: K) => records.map((record) => JSON.stringify(record[key]))
  const rows = await exec<{ order_id: string }>(
    `INSERT INTO mlm_commission_record
       (order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor,
        total_minor, retail_minor, wholesale_minor, items, terms, period_key, placed_at, hold_until)
     SELECT u.order_id, u.plan_version_id, u.currency_code, u.customer_id, u.owner_node, u.buyer_kind, u.cv, u.cv,
            u.total, u.retail, u.wholesale, u.items::jsonb, u.terms::jsonb, u.period_key, u.placed_at, u.hold_until
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::bigint[],
                   $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[])
            AS u(order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv, total,
                 retail, wholesale, items, terms, period_key, placed_at, hold_until)
     ON CONFLICT (order_id) DO NOTHING
     RETURNING order_id`,
    [
      col("order_id"), col("plan_version_id"), col("currency_code"), col("customer_id"), col("owner_node"),
      col("buyer_kind"), col("cv_minor"), col("total_minor"), col("retail_minor"), col("wholesale_minor"),
      json("items"), json("terms"), col("period_key"), col("placed_at"), col("hold_until"),
    ],
  )
  return new Set(rows.map((row) => row.order_id))
}

/**
 * Adds period volume to the owners' PV cache (docs/data-model.md), locking the rows in node
 * order first so that concurrent batches cannot deadlock on each other.
 */
export async function addPersonalVolume(exec: SqlExec, nodes: number[], periodKeys: string[], amounts: number[]): Promise<void> {
  if (nodes.length === 0) return
  await exec(`SELECT 1 FROM mlm_distributor WHERE node_id = ANY($1::int[]) ORDER BY node_id FOR NO KEY UPDATE`, [nodes])
  await exec(
    `UPDATE mlm_distributor d
        SET pv_minor = CASE WHEN d.pv_period_key = u.period_key THEN d.pv_minor + u.amount ELSE u.amount END,
            pv_period_key = u.period_key
       FROM unnest($1::int[], $2::text[], $3::bigint[]) AS u(node_id, period_key, amount)
      WHERE d.node_id = u.node_id`,
    [nodes, periodKeys, amounts],
  )
}

export type LedgerLineInsert = {
  source_kind: "order" | "adjustment" | "period"
  source_id: string
  beneficiary_node: number
  bonus: string
  level: number
  amount_minor: number
  currency_code: string
  plan_version_id: string
  order_id: string | null
  base_minor: number | null
  rate_bp: number | null
  status: "pending" | "available"
  hold_until: string | null
}

/** Appends lines; a line whose identity exists already is absorbed. Returns how many were new. */
export async function insertLedgerLines(exec: SqlExec, lines: LedgerLineInsert[]): Promise<number> {
  if (lines.length === 0) return 0
  const col = <K extends keyof LedgerLineInsert>(key: K) => lines.map((line) => line[key])
  const rows = await exec<{ n: string }>(
    `WITH inserted AS (
       INSERT INTO mlm_ledger_line
         (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id,
          order_id, base_minor, rate_bp, status, hold_until)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::smallint[], $6::bigint[], $7::text[],
                            $8::text[], $9::text[], $10::bigint[], $11::int[], $12::text[], $13::timestamptz[])
       ON CONFLICT (source_id, source_kind, beneficiary_node, bonus, level) DO NOTHING
       RETURNING 1)
     SELECT count(*) AS n FROM inserted`,
    [
      col("source_kind"), col("source_id"), col("beneficiary_node"), col("bonus"), col("level"), col("amount_minor"),
      col("currency_code"), col("plan_version_id"), col("order_id"), col("base_minor"), col("rate_bp"), col("status"),
      col("hold_until"),
    ],
  )
  return Number(rows[0]?.n ?? 0)
}

export async function markOutboxDone(exec: SqlExec, jobKeys: string[]): Promise<void> {
  if (jobKeys.length === 0) return
  await exec(`UPDATE mlm_outbox SET status = 'done', done_at = now() WHERE job_key = ANY($1::text[]) AND status <> 'done'`, [jobKeys])
}

/** Held lines whose holding period is over become available; returns how many. */
export async function releaseHeldLines(exec: SqlExec, now: Date, limit: number): Promise<number> {
  const rows = await exec<{ n: string }>(
    `WITH due AS (
       SELECT id FROM mlm_ledger_line WHERE status = 'pending' AND hold_until <= $1 ORDER BY hold_until LIMIT $2
       FOR UPDATE SKIP LOCKED),
     released AS (
       UPDATE mlm_ledger_line l SET status = 'available', status_changed_at = $1 FROM due WHERE l.id = due.id RETURNING 1)
     SELECT count(*) AS n FROM released`,
    [now, limit],
  )
  return Number(rows[0]?.n ?? 0)
}
