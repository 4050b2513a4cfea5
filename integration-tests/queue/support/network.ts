/**
 * A sponsor network built straight in SQL (the house, then `chains` chains of `depth`
 * distributors hanging under it), a plan version, and order jobs for it; plus the engine's own
 * answer (`simulate`) for the lines those orders must produce.
 *
 * Node numbering: the house is node 1; chain c (0-based) holds nodes 2 + c·depth … 1 + (c+1)·depth,
 * top first, so node n's sponsor is n − 1 except at the top of a chain (the house).
 */
import type { Pool } from "pg"
import { parsePlan, planVersionHash, simulate } from "../../../src/engine"
import type { OrderJob } from "../../../src/modules/mlm/commissions/jobs"
import { SPONSOR_TREE_LOCK_KEY } from "../../../src/modules/mlm/repositories/tree-lock"

export const distributorId = (node: number) => `mlmdist_q${node}`

export interface ChainNetwork {
  chains: number
  depth: number
  /** Node ids of chain c, top first. */
  chain(c: number): number[]
  /** Every distributor but the house. */
  nodes(): number[]
}

export async function buildChains(pool: Pool, chains: number, depth: number): Promise<ChainNetwork> {
  const client = await pool.connect()
  try {
    await client.query("BEGIN")
    // The path trigger refuses path writes made without the sponsor tree lock.
    await client.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [SPONSOR_TREE_LOCK_KEY])
    await client.query(
      `INSERT INTO mlm_distributor (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path)
       VALUES ('mlmdist_q1', 1, NULL, 'HOUSE', 'active', NULL, true, '2020-01-01T00:00:00Z', ARRAY[1])`,
    )
    await client.query(
      `INSERT INTO mlm_distributor (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path)
       SELECT 'mlmdist_q' || n, n, 'cus_q' || n, 'Q' || lpad(n::text, 9, '0'), 'active',
              CASE WHEN p = 1 THEN 'mlmdist_q1' ELSE 'mlmdist_q' || (n - 1) END, false, '2020-01-01T00:00:00Z',
              ARRAY[1] || ARRAY(SELECT generate_series(2 + c * $2, n))
         FROM generate_series(0, $1 - 1) c, generate_series(1, $2) p, LATERAL (SELECT 1 + c * $2 + p AS n) node
        ORDER BY c, p`,
      [chains, depth],
    )
    await client.query(`SELECT setval(pg_get_serial_sequence('mlm_distributor', 'node_id'), $1)`, [1 + chains * depth])
    await client.query("COMMIT")
  } catch (error) {
    await client.query("ROLLBACK")
    throw error
  } finally {
    client.release()
  }
  await pool.query("ANALYZE mlm_distributor")
  const chain = (c: number) => Array.from({ length: depth }, (_, p) => 2 + c * depth + p)
  return { chains, depth, chain, nodes: () => Array.from({ length: chains * depth }, (_, i) => 2 + i) }
}

/** A unilevel plan with `levels` levels of `rateBp` each, effective since 2000. */
export function unilevelPlan(currency: string, levels: number, rateBp: number) {
  return { currency, components: [{ type: "unilevel", levels_bp: Array.from({ length: levels }, () => rateBp), compression: "dynamic" }] }
}

export async function insertPlanVersion(pool: Pool, definition: unknown): Promise<string> {
  const plan = parsePlan(definition)
  const id = `mlmplv_q_${plan.currency}`
  await pool.query(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ($1, 'queue test plan', 'monthly', $2::jsonb)`, [`mlmplan_q_${plan.currency}`, JSON.stringify(definition)])
  await pool.query(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
     VALUES ($1, $2, 1, $3, 'monthly', $4::jsonb, $5, '2000-01-01T00:00:00Z')`,
    [id, `mlmplan_q_${plan.currency}`, plan.currency, JSON.stringify(plan), planVersionHash(plan)],
  )
  return id
}

export interface OrderSpec {
  orderId: string
  buyerNode: number
  cvMinor: number
}

/** A self-contained order job as the subscriber would send it: one line, CV = price. */
export function orderJob(spec: OrderSpec, currency: string, placedAt = "2026-11-21T10:00:00.000Z"): OrderJob {
  return {
    kind: "order",
    order_id: spec.orderId,
    currency_code: currency,
    placed_at: placedAt,
    customer_id: `cus_q${spec.buyerNode}`,
    distributor_id: distributorId(spec.buyerNode),
    referrer_id: null,
    total_minor: spec.cvMinor,
    items: [{ item_id: `item_${spec.orderId}`, variant_id: null, quantity: 1, unit_price_minor: spec.cvMinor, cv_minor: spec.cvMinor }],
    retail_minor: null,
    wholesale_minor: null,
  }
}

export type LedgerKey = { order: string; to: number; bonus: string; level: number; cents: number }

export const byLedgerKey = (a: LedgerKey, b: LedgerKey) =>
  a.order.localeCompare(b.order) || a.to - b.to || a.bonus.localeCompare(b.bonus) || a.level - b.level || a.cents - b.cents

/** The replay engine's lines for these orders on this network (node n is member `n<n>`; the house is the company, not a member). */
export function expectedLines(plan: unknown, network: ChainNetwork, orders: readonly OrderSpec[]): LedgerKey[] {
  const members = network.nodes().map((node) => {
    const top = (node - 2) % network.depth === 0
    return top ? { id: `n${node}` } : { id: `n${node}`, sponsor: `n${node - 1}` }
  })
  const events = orders.map((order) => ({ type: "order", id: order.orderId, buyer: `n${order.buyerNode}`, cv: order.cvMinor }))
  const result = simulate({ plan, members, events })
  return result.lines
    .map((line) => ({ order: String(line.source), to: Number(String(line.to).slice(1)), bonus: line.bonus, level: line.level ?? 0, cents: line.cents }))
    .sort(byLedgerKey)
}

/** The order lines in the ledger, in the same shape. */
export async function ledgerLines(pool: Pool): Promise<LedgerKey[]> {
  const { rows } = await pool.query<{ order_id: string; beneficiary_node: number; bonus: string; level: number; amount_minor: string }>(
    `SELECT order_id, beneficiary_node, bonus, level, amount_minor FROM mlm_ledger_line WHERE source_kind = 'order'`,
  )
  return rows
    .map((row) => ({ order: row.order_id, to: row.beneficiary_node, bonus: row.bonus, level: row.level, cents: Number(row.amount_minor) }))
    .sort(byLedgerKey)
}

export async function countOf(pool: Pick<Pool, "query">, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, params)
  return Number(rows[0].n)
}
