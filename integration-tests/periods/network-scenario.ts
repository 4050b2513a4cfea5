/**
 * A seeded store for the period-run spec: distributors (random sponsor tree, explicit binary
 * placements, some terminated or suspended, ranks, a sponsor move that puts a sponsor after its
 * member, late joiners), commission records (customers' orders, partial refunds, cancellations,
 * noise in other periods and currencies), written to PostgreSQL in bulk; and the same store as a
 * spec simulation document, built from the generator's own data (never read back), so that
 * `simulate()` is an independent answer to what a period run must post.
 */
import { mulberry32, randomInt } from "../../src/engine/batch"
import type { SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { lockTreeForMove } from "../../src/modules/mlm/repositories/tree-lock"
import { rewriteSubtreePaths } from "../../src/modules/mlm/repositories/tree-moves"
import { findTreeNode } from "../../src/modules/mlm/repositories/tree-queries"

type Json = Record<string, unknown>

export interface Distributor {
  node: number
  id: string
  sponsor: number | null
  parent: number | null
  side: 0 | 1 | null
  status: "active" | "terminated" | "suspended"
  rank: string | null
  /** Enrolled in the second period: not a member of the first. */
  late: boolean
}

export interface Order {
  id: string
  periodKey: string
  currency: string
  owner: number
  customer: boolean
  cv: number
  net: number
  canceled: boolean
  placedAt: string
}

export interface Store {
  distributors: Distributor[]
  orders: Order[]
  /** The sponsor move: `node` went from sponsor `from` to `to` (to > node). */
  move: { node: number; from: number; to: number }
  idOf(node: number): string
  nodeOf(id: string): number
}

export const PLAN_ID = "mlmplan_p"
export const LATE_ENROLLED_AT = "2026-11-10T12:00:00Z"

export function generateStore(options: { size: number; late: number; seed: number; moved: number }): Store {
  const random = mulberry32(options.seed)
  const distributors: Distributor[] = []
  const openSlots: [number, 0 | 1][] = []
  for (let node = 1; node <= options.size; node++) {
    const sponsor = node === 1 ? null : random() < 0.3 ? Math.max(1, node - 1 - randomInt(random, 0, 5)) : randomInt(random, 1, node - 1)
    let parent: number | null = null
    let side: 0 | 1 | null = null
    if (node > 1) {
      // Half the time one of the newest slots: deeper legs than a uniform pick gives.
      const pick = random() < 0.5 ? randomInt(random, Math.max(0, openSlots.length - 50), openSlots.length - 1) : randomInt(random, 0, openSlots.length - 1)
      ;[parent, side] = openSlots[pick]
      openSlots[pick] = openSlots[openSlots.length - 1]
      openSlots.pop()
    }
    openSlots.push([node, 0], [node, 1])
    const roll = random()
    const rankRoll = random()
    distributors.push({
      node,
      id: `mlmdist_p${node}`,
      sponsor,
      parent,
      side,
      status: node === 1 ? "active" : roll < 0.04 ? "terminated" : roll < 0.05 ? "suspended" : "active",
      rank: rankRoll < 0.2 ? ["bronze", "silver", "gold"][randomInt(random, 0, 2)] : rankRoll < 0.23 ? "legacy" : null,
      late: node > options.size - options.late,
    })
  }
  // The sponsor move: `moved` goes under a newer member that does not descend from it by
  // sponsor or placement links, so node_id order stops being a valid batch order.
  const at = (node: number) => distributors[node - 1]
  const descendsFrom = (node: number, ancestor: number): boolean => {
    const stack = [node]
    while (stack.length) {
      const current = stack.pop()!
      if (current === ancestor) return true
      const d = at(current)
      if (d.sponsor) stack.push(d.sponsor)
      if (d.parent) stack.push(d.parent)
    }
    return false
  }
  let newSponsor = Math.floor(options.size / 2)
  while (at(newSponsor).late || descendsFrom(newSponsor, options.moved)) newSponsor++
  const move = { node: options.moved, from: at(options.moved).sponsor!, to: newSponsor }
  at(options.moved).sponsor = newSponsor

  const orders: Order[] = []
  const addOrders = (count: number, periodKey: string, currency: string, monthStart: string, owners: (r: () => number) => number) => {
    for (let j = 0; j < count; j++) {
      const cv = randomInt(random, 100, 20000)
      const roll = random()
      const canceled = roll < 0.02
      const net = canceled ? 0 : roll < 0.12 ? randomInt(random, 0, cv - 1) : cv
      orders.push({
        id: `order_${periodKey}_${currency}_${j}`,
        periodKey,
        currency,
        owner: owners(random),
        customer: random() < 0.15,
        cv,
        net,
        canceled,
        placedAt: new Date(Date.parse(monthStart) + j * 60_000).toISOString(),
      })
    }
  }
  const early = (r: () => number) => randomInt(r, 2, options.size - options.late)
  addOrders(30_000, "2026-10", "USD", "2026-10-01T00:00:00Z", early)
  addOrders(30_000, "2026-11", "USD", "2026-11-01T00:00:00Z", (r) => randomInt(r, 2, options.size))
  addOrders(4_000, "2026-W45", "EUR", "2026-11-02T00:00:00Z", early)
  // Noise: another period of the currency and a monthly-keyed EUR month must not be read.
  addOrders(500, "2026-09", "USD", "2026-09-01T00:00:00Z", early)
  addOrders(500, "2026-10", "EUR", "2026-10-01T00:00:00Z", early)
  return { distributors, orders, move, idOf: (node) => at(node).id, nodeOf: (id) => Number(id.slice("mlmdist_p".length)) }
}

/** Path of node_ids from the root, along `up` links. */
function pathOf(store: Store, node: number, up: (d: Distributor) => number | null): number[] {
  const path: number[] = []
  for (let current: number | null = node; current !== null; current = up(store.distributors[current - 1])) path.push(current)
  return path.reverse()
}

export async function insertStore(db: SqlDb, store: Store): Promise<void> {
  const { distributors } = store
  await db.transaction(async (exec) => {
    await lockTreeForMove(exec)
    // Enrolled in node order, with the sponsor each had before the move.
    const originalSponsor = (d: Distributor) => (d.node === store.move.node ? store.move.from : d.sponsor)
    await exec(
      `INSERT INTO mlm_distributor (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path, rank)
       SELECT id, node, CASE WHEN node = 1 THEN NULL ELSE 'cus_p' || node END, 'PN' || lpad(node::text, 6, '0'), status,
              sponsor, node = 1, enrolled_at, ARRAY(SELECT json_array_elements_text(path::json)::int), rank
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
              AS t(id, node, status, sponsor, enrolled_at, path, rank)`,
      [
        distributors.map((d) => d.id),
        distributors.map((d) => d.node),
        distributors.map((d) => d.status),
        distributors.map((d) => (originalSponsor(d) === null ? null : store.idOf(originalSponsor(d)!))),
        distributors.map((d) => (d.late ? LATE_ENROLLED_AT : new Date(Date.UTC(2026, 0, 1) + d.node * 1000).toISOString())),
        distributors.map((d) => JSON.stringify(pathOf(store, d.node, originalSponsor))),
        distributors.map((d) => d.rank),
      ]
    )
    const node = (await findTreeNode(exec, store.idOf(store.move.node)))!
    const target = (await findTreeNode(exec, store.idOf(store.move.to)))!
    await rewriteSubtreePaths(exec, node, target)
    await exec(
      `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path)
       SELECT 'mlmplc_p' || node, 'binary', $1, 'mlmdist_p' || node, CASE WHEN parent IS NULL THEN NULL ELSE 'mlmplc_p' || parent END,
              side, cardinality(path) - 1, path
         FROM (SELECT node, parent, side, ARRAY(SELECT json_array_elements_text(path::json)::int) AS path
                 FROM unnest($2::int[], $3::int[], $4::int[], $5::text[]) AS t(node, parent, side, path)) p`,
      [
        PLAN_ID,
        distributors.map((d) => d.node),
        distributors.map((d) => d.parent),
        distributors.map((d) => d.side),
        distributors.map((d) => JSON.stringify(pathOf(store, d.node, (x) => x.parent))),
      ]
    )
  })
}

export async function insertOrders(db: SqlDb, orders: Order[], planVersionOf: (currency: string) => string): Promise<void> {
  await db.exec(
    `INSERT INTO mlm_commission_record (order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor,
                                        net_cv_minor, total_minor, items, zero_terms, period_key, placed_at, hold_until, status)
     SELECT id, version, currency, CASE WHEN customer THEN 'cus_c' || owner END, owner,
            CASE WHEN customer THEN 'customer' ELSE 'distributor' END, cv, net, cv, '[]', '[]', period_key, placed_at,
            placed_at + interval '30 days', CASE WHEN canceled THEN 'canceled' ELSE 'open' END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::int[], $6::bigint[], $7::bigint[], $8::text[], $9::timestamptz[], $10::bool[])
            AS t(id, version, currency, customer, owner, cv, net, period_key, placed_at, canceled)`,
    [
      orders.map((o) => o.id),
      orders.map((o) => planVersionOf(o.currency)),
      orders.map((o) => o.currency),
      orders.map((o) => o.customer),
      orders.map((o) => o.owner),
      orders.map((o) => o.cv),
      orders.map((o) => o.net),
      orders.map((o) => o.periodKey),
      orders.map((o) => o.placedAt),
      orders.map((o) => o.canceled),
    ]
  )
}

/**
 * The store as a simulation document: `periods` closed one after another, each with its orders
 * (a refund for what an order lost before the close), members who enrolled in a period joining
 * just before its orders. Members are listed sponsors and placement parents first, otherwise in
 * node order (join order); suspended members and the house never earn: terminated here. With
 * `placements: false` members carry no placement and only sponsors go first.
 *
 * The engine refuses a pool share for an id that never joins, where a store simply has no such
 * distributor: such shares are left out of the document's plan (they pay nobody either way), and
 * late joiners who join in none of the periods join after the last close, without their rank.
 */
export function simulationDocument(
  store: Store,
  plan: Json,
  periods: { key: string; currency: string; lateJoin: boolean }[],
  options: { placements?: boolean } = {}
): Json {
  // Without placements (a store whose members have no seats yet), the engine seats each member
  // by the plan's policy when it joins, as the period run's seating does.
  const placed = options.placements !== false && (plan.components as Json[]).some((c) => c.type === "binary")
  const known = new Set(store.distributors.map((d) => d.id))
  const components = (plan.components as Json[]).map((c) =>
    c.type === "pool" ? { ...c, shares: Object.fromEntries(Object.entries(c.shares as Json).filter(([id]) => known.has(id))) } : c
  )
  const members: Json[] = []
  const declared = new Set<number>()
  const customers = new Set<number>()
  const declare = (node: number, into: Json[]) => {
    const stack = [node]
    while (stack.length) {
      const current = stack[stack.length - 1]
      if (declared.has(current)) {
        stack.pop()
        continue
      }
      const d = store.distributors[current - 1]
      const missing = [d.sponsor, placed ? d.parent : null].filter((up): up is number => up !== null && !declared.has(up))
      if (missing.length) {
        stack.push(...missing)
        continue
      }
      stack.pop()
      declared.add(current)
      const member: Json = { id: d.id }
      if (d.sponsor !== null) member.sponsor = store.idOf(d.sponsor)
      if (placed && d.parent !== null) member.placement = { parent: store.idOf(d.parent), side: d.side === 0 ? "left" : "right" }
      if (d.rank && d.rank !== "legacy") member.rank = d.rank
      if (d.node === 1 || d.status !== "active") member.status = "terminated"
      into.push(member)
    }
  }
  for (const d of store.distributors) if (!d.late) declare(d.node, members)
  const events: Json[] = []
  for (const period of periods) {
    if (period.lateJoin) {
      const joined: Json[] = []
      for (const d of store.distributors) if (d.late) declare(d.node, joined)
      events.push(...joined.map((member) => ({ type: "join", member })))
    }
    const orders = store.orders.filter((o) => o.periodKey === period.key && o.currency === period.currency)
    for (const order of orders) {
      if (!order.customer || customers.has(order.owner)) continue
      customers.add(order.owner)
      const customer = { id: `customer_${order.owner}`, kind: "customer", referrer: store.idOf(order.owner) }
      if (events.length === 0) members.push(customer)
      else events.push({ type: "join", member: customer })
    }
    for (const order of orders) {
      events.push({ type: "order", id: order.id, buyer: order.customer ? `customer_${order.owner}` : store.idOf(order.owner), cv: order.cv })
      if (order.net < order.cv) events.push({ type: "refund", id: `refund_${order.id}`, order: order.id, cv: order.cv - order.net })
    }
    events.push({ type: "close_period", period: period.key })
  }
  if (!periods.some((period) => period.lateJoin)) {
    const joined: Json[] = []
    for (const d of store.distributors) if (d.late) declare(d.node, joined)
    events.push(...joined.map(({ rank: _rank, ...member }) => ({ type: "join", member })))
  }
  return { id: "period-run-store", plan: { ...plan, components }, members, events }
}
