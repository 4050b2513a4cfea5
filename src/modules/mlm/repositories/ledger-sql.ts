/**
 * SQL of the commission ledger (docs/ledger.md). Set-based: one statement per step for a whole
 * batch of orders (arrays through unnest), never one statement per line or per distributor.
 * An order batch is three statements whatever its size, each atomic on its own: which orders are
 * recorded already (settleRecordedOrders), what the others need (readOrderBatchFacts), and one
 * write (writeOrderBatch).
 * bigint values come back as strings or JSON numbers; callers convert with Number() (amounts stay
 * far below 2^53).
 */
import type { SqlExec } from "./sql-exec"

export type NodeFacts = {
  node_id: number
  status: string
  rank: string | null
  is_house: boolean
  pv_period_key: string | null
  pv_minor: string | number
}

export type DistributorFacts = NodeFacts & { id: string; path: number[]; enrolled_at: string }

export type PlanVersionRow = {
  id: string
  currency_code: string
  period: "weekly" | "monthly"
  definition: unknown
  effective_from: string
}

/**
 * Which of these orders are recorded already, and (same statement) their outbox rows marked done:
 * a redelivered order costs this one small statement and no transaction. `jobKeys[i]` is
 * `orderIds[i]`'s. Kept apart from readOrderBatchFacts, whose planning alone costs more.
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

export interface OrderBatchFacts {
  /** Owners by distributor id, and every node on their upline paths (owners included). */
  owners: Map<string, DistributorFacts>
  nodes: Map<number, NodeFacts>
  /** The plan versions of the batch's currencies, oldest first. */
  versions: PlanVersionRow[]
}

/** Everything a batch computes from, in one read: the orders' owners, their upline nodes, the plan versions. */
export async function readOrderBatchFacts(exec: SqlExec, ownerIds: string[], currencies: string[]): Promise<OrderBatchFacts> {
  const [row] = await exec<{ owners: DistributorFacts[]; nodes: NodeFacts[]; versions: PlanVersionRow[] }>(
    `WITH owners AS MATERIALIZED (
       SELECT id, node_id, path, status, rank, is_house, enrolled_at, pv_period_key, pv_minor
         FROM mlm_distributor WHERE id = ANY($1::text[]) AND deleted_at IS NULL)
     SELECT (SELECT coalesce(json_agg(o), '[]') FROM owners o) AS owners,
            (SELECT coalesce(json_agg(n), '[]') FROM (
               SELECT d.node_id, d.status, d.rank, d.is_house, d.pv_period_key, d.pv_minor FROM mlm_distributor d
                WHERE d.node_id IN (SELECT unnest(path) FROM owners) AND d.node_id NOT IN (SELECT node_id FROM owners)) n) AS nodes,
            (SELECT coalesce(json_agg(v ORDER BY v.effective_from), '[]') FROM (
               SELECT id, currency_code, period, definition, effective_from FROM mlm_plan_version
                WHERE currency_code = ANY($2::text[])) v) AS versions`,
    [ownerIds, currencies],
  )
  const owners = new Map<string, DistributorFacts>()
  const nodes = new Map<number, NodeFacts>()
  for (const node of row.nodes) nodes.set(node.node_id, node)
  for (const owner of row.owners) {
    owners.set(owner.id, owner)
    nodes.set(owner.node_id, owner)
  }
  return { owners, nodes, versions: row.versions }
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
  /**
   * The order's terms that post no line (worth 0 on the full CV), as a JSON array; the others
   * are its lines. mlm_order_terms() gives all of them back (what a refund recomputes with).
   */
  zero_terms_json: string
}

/**
 * The lines of a batch, one entry per term worth something, in column form: `record` is the
 * 1-based index of the term's order in the records array; terms of one order are consecutive and
 * in payout order. `cents` is the term's worth on the full CV, never 0 (those are zero_terms_json).
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
 * Writes a computed batch in ONE statement (atomic without a transaction round trip): the records
 * not there yet, the lines of exactly those, their owners' PV, and the batch's outbox rows done.
 *
 * The record's primary key decides which statement owns an order, so an order's lines have one
 * writer and need no ON CONFLICT (the identity index still refuses any second copy outright).
 * Locks are taken in one order by every batch: records in order_id order (two batches sharing
 * orders wait instead of deadlocking), then the owners' rows in node order (the `locked` CTE; the
 * PV update reaches only rows it returned), then outbox rows. PV per owner is the sum of its won
 * orders in the latest period of the batch. Returns the order ids inserted and how many lines.
 */
export async function writeOrderBatch(exec: SqlExec, records: OrderRecordInsert[], terms: OrderTermColumns, jobKeys: string[]): Promise<{ won: Set<string>; lines: number }> {
  if (records.length === 0) return { won: new Set(), lines: 0 }
  const col = <K extends keyof OrderRecordInsert>(key: K) => records.map((record) => record[key])
  const [row] = await exec<{ won: string[] | null; lines: string }>(
    `WITH rec AS MATERIALIZED (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $8::bigint[],
                            $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[], $23::text[])
              WITH ORDINALITY AS r(order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv, total,
                                   retail, wholesale, items, period_key, placed_at, hold_until, line_status, zero_terms, ord)),
     term AS (
       SELECT * FROM unnest($16::int[], $17::int[], $18::text[], $19::smallint[], $20::int[], $21::bigint[], $22::bigint[])
              WITH ORDINALITY AS t(rec, node, bonus, level, rate_bp, full_minor, cents, ord)),
     won AS (
       INSERT INTO mlm_commission_record
         (order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor,
          total_minor, retail_minor, wholesale_minor, items, zero_terms, period_key, placed_at, hold_until)
       SELECT r.order_id, r.plan_version_id, r.currency_code, r.customer_id, r.owner_node, r.buyer_kind, r.cv, r.cv,
              r.total, r.retail, r.wholesale, r.items::jsonb, r.zero_terms::jsonb, r.period_key, r.placed_at, r.hold_until
         FROM rec r
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
        ORDER BY t.ord
       RETURNING 1),
     -- One hold per recorded order whose lines are held (the release loop's work list).
     holds AS (
       INSERT INTO mlm_ledger_hold (source_kind, source_id, hold_until)
       SELECT 'order', r.order_id, r.hold_until FROM rec r JOIN won w ON w.order_id = r.order_id WHERE r.line_status = 'pending'
       ON CONFLICT DO NOTHING),
     volume AS (
       SELECT owner_node AS node_id, period_key, sum(cv)::bigint AS amount
         FROM (SELECT r.owner_node, r.period_key, r.cv, max(r.period_key COLLATE "C") OVER (PARTITION BY r.owner_node) AS latest
                 FROM rec r JOIN won w ON w.order_id = r.order_id WHERE r.owner_node IS NOT NULL) v
        WHERE period_key = latest
        GROUP BY owner_node, period_key),
     locked AS (
       SELECT node_id FROM mlm_distributor WHERE node_id IN (SELECT node_id FROM volume) ORDER BY node_id FOR NO KEY UPDATE),
     pv AS (
       UPDATE mlm_distributor d
          SET pv_minor = CASE WHEN d.pv_period_key = v.period_key THEN d.pv_minor + v.amount ELSE v.amount END,
              pv_period_key = v.period_key
         FROM volume v WHERE d.node_id = v.node_id AND v.node_id IN (SELECT node_id FROM locked)
       RETURNING 1),
     outbox AS (
       UPDATE mlm_outbox SET status = 'done', done_at = now() WHERE job_key = ANY($24::text[]) AND status <> 'done'
       RETURNING 1)
     -- In this order: the lines (most of the work) are inserted before the PV update locks the owners'
     -- rows, so a second batch in flight that shares owners waits for the lock only, not for the lines.
     SELECT (SELECT array_agg(order_id) FROM won) AS won, (SELECT count(*) FROM lines) AS lines,
            (SELECT count(*) FROM pv) AS owners, (SELECT count(*) FROM outbox) AS outbox`,
    [
      col("order_id"), col("plan_version_id"), col("currency_code"), col("customer_id"), col("owner_node"),
      col("buyer_kind"), col("cv_minor"), col("total_minor"), col("retail_minor"), col("wholesale_minor"),
      records.map((record) => JSON.stringify(record.items)), col("period_key"), col("placed_at"), col("hold_until"),
      col("line_status"),
      intArrayLiteral(terms.record), intArrayLiteral(terms.to), textArrayLiteral(terms.bonus), intArrayLiteral(terms.level),
      intArrayLiteral(terms.rateBp), intArrayLiteral(terms.fullMinor), intArrayLiteral(terms.cents),
      col("zero_terms_json"), jobKeys,
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
       RETURNING source_kind, source_id, status, hold_until),
     holds AS (
       INSERT INTO mlm_ledger_hold (source_kind, source_id, hold_until)
       SELECT DISTINCT source_kind, source_id, hold_until FROM inserted WHERE status = 'pending' AND hold_until IS NOT NULL
       ON CONFLICT DO NOTHING)
     SELECT count(*) AS n FROM inserted`,
    [
      col("source_kind"), col("source_id"), col("beneficiary_node"), col("bonus"), col("level"), col("amount_minor"),
      col("currency_code"), col("plan_version_id"), col("order_id"), col("base_minor"), col("rate_bp"), col("status"),
      col("hold_until"),
    ],
  )
  return Number(rows[0]?.n ?? 0)
}

/**
 * Held lines whose holding period is over become available; returns how many lines. Takes up to
 * `limit` due holds (one per order or adjustment, docs/ledger.md) and releases their lines
 * through the ledger's identity index; the holds are deleted in the same statement. Lines a
 * cancel already canceled stay canceled (only `pending` ones change).
 */
export async function releaseHeldLines(exec: SqlExec, now: Date, limit: number): Promise<{ lines: number; holds: number }> {
  const rows = await exec<{ lines: string; holds: string }>(
    `WITH due AS (
       SELECT source_id, source_kind FROM mlm_ledger_hold WHERE hold_until <= $1 ORDER BY hold_until LIMIT $2
       FOR UPDATE SKIP LOCKED),
     released AS (
       UPDATE mlm_ledger_line l SET status = 'available', status_changed_at = $1
         FROM due WHERE l.source_id = due.source_id AND l.source_kind = due.source_kind AND l.status = 'pending' AND l.hold_until <= $1
       RETURNING 1),
     cleared AS (
       DELETE FROM mlm_ledger_hold h USING due WHERE h.source_id = due.source_id AND h.source_kind = due.source_kind
       RETURNING 1)
     SELECT (SELECT count(*) FROM released) AS lines, (SELECT count(*) FROM cleared) AS holds`,
    [now, limit],
  )
  return { lines: Number(rows[0]?.lines ?? 0), holds: Number(rows[0]?.holds ?? 0) }
}
