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

/**
 * Which of these orders are recorded already, and (same statement) their outbox rows marked done:
 * a redelivered order costs one indexed read and no transaction. `jobKeys[i]` is `orderIds[i]`'s.
 */
export async function settleRecordedOrders(exec: SqlExec, orderIds: string[], jobKeys: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set()
  const rows = await exec<{ order_id: string }>(
    `WITH recorded AS (
       SELECT j.order_id, j.job_key
         FROM unnest($1::text[], $2::text[]) AS j(order_id, job_key)
         JOIN mlm_commission_record r ON r.order_id = j.order_id),
     done AS (
       UPDATE mlm_outbox o SET status = 'done', done_at = now()
         FROM recorded WHERE o.job_key = recorded.job_key AND o.status <> 'done')
     SELECT order_id FROM recorded`,
    [orderIds, jobKeys],
  )
  return new Set(rows.map((row) => row.order_id))
}

export type NodeFacts = Omit<DistributorFacts, "id" | "path" | "enrolled_at">

/**
 * The orders' owners and every node on their upline paths, in one read: `owners` by distributor
 * id (with path), `nodes` by node_id (owners included).
 */
export async function selectOwnersAndUplines(
  exec: SqlExec,
  ownerIds: string[],
): Promise<{ owners: Map<string, DistributorFacts>; nodes: Map<number, NodeFacts> }> {
  if (ownerIds.length === 0) return { owners: new Map(), nodes: new Map() }
  const rows = await exec<DistributorFacts & { id: string | null }>(
    `WITH owners AS (
       SELECT id, node_id, path, status, rank, is_house, enrolled_at, pv_period_key, pv_minor
         FROM mlm_distributor WHERE id = ANY($1::text[]) AND deleted_at IS NULL)
     SELECT id, node_id, path, status, rank, is_house, enrolled_at, pv_period_key, pv_minor FROM owners
     UNION ALL
     SELECT NULL, d.node_id, NULL, d.status, d.rank, d.is_house, NULL, d.pv_period_key, d.pv_minor
       FROM mlm_distributor d
      WHERE d.node_id IN (SELECT unnest(path) FROM owners) AND d.node_id NOT IN (SELECT node_id FROM owners)`,
    [ownerIds],
  )
  const owners = new Map<string, DistributorFacts>()
  const nodes = new Map<number, NodeFacts>()
  for (const row of rows) {
    if (row.id !== null) owners.set(row.id, row)
    nodes.set(row.node_id, row)
  }
  return { owners, nodes }
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

export type OrderRecordInsert = {
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
  period_key: string
  placed_at: string
  hold_until: string
  /** Status of the order's lines: pending while held. */
  line_status: "pending" | "available"
  /** The order's payout terms as a JSON array (what a refund recomputes with). */
  terms_json: string
}

/**
 * The payout terms of a batch, one entry per term in column form: `record` is the 1-based index of
 * the term's order in the records array; terms of one order are consecutive and in payout order.
 * `cents` is the term's worth on the full CV; a term worth 0 posts no line.
 */
export interface OrderTermColumns {
  record: number[]
  to: number[]
  bonus: string[]
  level: number[]
  rateBp: (number | null)[]
  fullMinor: (number | null)[]
  cents: number[]
}

export function emptyTermColumns(): OrderTermColumns {
  return { record: [], to: [], bonus: [], level: [], rateBp: [], fullMinor: [], cents: [] }
}

/**
 * Inserts the records that are not there yet and the lines of exactly those, in one statement.
 * The record's primary key decides which transaction owns an order: records go in order_id order
 * (two batches sharing orders then wait on each other instead of deadlocking), and lines are
 * written only for the records this statement inserted, so an order's lines have one writer and
 * need no ON CONFLICT (the identity index still refuses any second copy outright). The records'
 * terms travel as one JSON document (one parse, no per-element escaping).
 * Returns the order ids inserted and how many lines.
 */
export async function insertOrderRecordsAndLines(
  exec: SqlExec,
  records: OrderRecordInsert[],
  terms: OrderTermColumns,
): Promise<{ won: Set<string>; lines: number }> {
  if (records.length === 0) return { won: new Set(), lines: 0 }
  const col = <K extends keyof OrderRecordInsert>(key: K) => records.map((record) => record[key])
  const [row] = await exec<{ won: string[] | null; lines: string }>(
    `WITH rec AS MATERIALIZED (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::bigint[],
                            $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[])
              WITH ORDINALITY AS r(order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv, total,
                                   retail, wholesale, items, period_key, placed_at, hold_until, line_status, ord)),
     term AS MATERIALIZED (
       SELECT * FROM unnest($16::int[], $17::int[], $18::text[], $19::smallint[], $20::int[], $21::bigint[], $22::bigint[])
              WITH ORDINALITY AS t(rec, node, bonus, level, rate_bp, full_minor, cents, ord)),
     term_json AS (
       SELECT ord AS rec, terms FROM jsonb_array_elements($23::jsonb) WITH ORDINALITY AS j(terms, ord)),
     won AS (
       INSERT INTO mlm_commission_record
         (order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor,
          total_minor, retail_minor, wholesale_minor, items, terms, period_key, placed_at, hold_until)
       SELECT r.order_id, r.plan_version_id, r.currency_code, r.customer_id, r.owner_node, r.buyer_kind, r.cv, r.cv,
              r.total, r.retail, r.wholesale, r.items::jsonb, coalesce(tj.terms, '[]'::jsonb), r.period_key, r.placed_at, r.hold_until
         FROM rec r LEFT JOIN term_json tj ON tj.rec = r.ord
        ORDER BY r.order_id
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id),
     lines AS (
       INSERT INTO mlm_ledger_line
         (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id,
          order_id, base_minor, rate_bp, status, hold_until)
       SELECT 'order', r.order_id, t.node, t.bonus, t.level, t.cents, r.currency_code, r.plan_version_id,
              r.order_id, CASE WHEN t.rate_bp IS NULL THEN t.full_minor ELSE r.cv END, t.rate_bp, r.line_status, r.hold_until
         FROM term t JOIN rec r ON r.ord = t.rec JOIN won w ON w.order_id = r.order_id
        WHERE t.cents <> 0
        ORDER BY t.ord
       RETURNING 1)
     SELECT (SELECT array_agg(order_id) FROM won) AS won, (SELECT count(*) FROM lines) AS lines`,
    [
      col("order_id"), col("plan_version_id"), col("currency_code"), col("customer_id"), col("owner_node"),
      col("buyer_kind"), col("cv_minor"), col("total_minor"), col("retail_minor"), col("wholesale_minor"),
      records.map((record) => JSON.stringify(record.items)), col("period_key"), col("placed_at"), col("hold_until"),
      col("line_status"),
      intArrayLiteral(terms.record), intArrayLiteral(terms.to), textArrayLiteral(terms.bonus), intArrayLiteral(terms.level),
      intArrayLiteral(terms.rateBp), intArrayLiteral(terms.fullMinor), intArrayLiteral(terms.cents),
      `[${records.map((record) => record.terms_json).join(",")}]`,
    ],
  )
  return { won: new Set(row?.won ?? []), lines: Number(row?.lines ?? 0) }
}

/*
 * Array literals for the per-term bind parameters (tens of thousands of elements per batch). The
 * driver's generic array encoding quotes and escapes element by element, which was the largest
 * cost of the worker's CPU; integers need no quoting and a batch has a handful of bonus names.
 * They are still bind parameters, never SQL text.
 */
function intArrayLiteral(values: readonly (number | null)[]): string {
  let text = "{"
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value !== null && !Number.isSafeInteger(value)) throw new Error(`Not a safe integer in an integer column: ${value}`)
    text += (i === 0 ? "" : ",") + (value === null ? "NULL" : String(value))
  }
  return text + "}"
}

function textArrayLiteral(values: readonly string[]): string {
  const quoted = new Map<string, string>()
  let text = "{"
  for (let i = 0; i < values.length; i++) {
    let element = quoted.get(values[i])
    if (element === undefined) {
      element = `"${values[i].replace(/[\\"]/g, "\\$&")}"`
      quoted.set(values[i], element)
    }
    text += (i === 0 ? "" : ",") + element
  }
  return text + "}"
}

/**
 * Adds period volume to the owners' PV cache (docs/data-model.md). The CTE locks the rows in node
 * order and the UPDATE only reaches rows the CTE has returned (hence locked), so concurrent
 * batches cannot deadlock on each other; one statement instead of a lock round trip.
 */
export async function addPersonalVolume(exec: SqlExec, nodes: number[], periodKeys: string[], amounts: number[]): Promise<void> {
  if (nodes.length === 0) return
  await exec(
    `WITH locked AS (
       SELECT node_id FROM mlm_distributor WHERE node_id = ANY($1::int[]) ORDER BY node_id FOR NO KEY UPDATE)
     UPDATE mlm_distributor d
        SET pv_minor = CASE WHEN d.pv_period_key = u.period_key THEN d.pv_minor + u.amount ELSE u.amount END,
            pv_period_key = u.period_key
       FROM unnest($1::int[], $2::text[], $3::bigint[]) AS u(node_id, period_key, amount)
      WHERE d.node_id = u.node_id AND u.node_id IN (SELECT node_id FROM locked)`,
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
