/**
 * Load phase of a period run (docs/periods.md): everything `computePeriodBatch` needs, read in a
 * fixed number of set-based statements whatever the network's size (never one per distributor),
 * each returning whole columns packed in one value (packed-columns.ts):
 *
 * | what | from |
 * |---|---|
 * | members, sponsor (`path[cardinality(path)-1]`), may earn, rank | mlm_distributor: enrolled before the period's end or owning one of its orders; the house and every distributor not `active` never earn, as in the commission worker |
 * | binary placement parent and side | mlm_placement, tree_type 'binary', tree_key = the plan's id |
 * | period PV = own CV, pool total | sum of mlm_commission_record.net_cv_minor of the period and currency, status 'open' |
 * | carry in | mlm_period_member of the closed run before (period-chain.ts) |
 * | pay of a per-order component, for a matching on it | mlm_ledger_line of the period's orders, not canceled |
 * | pool share holders | mlm_distributor by id (plan shares name distributor ids) |
 *
 * All of it is read in one REPEATABLE READ snapshot, so an order committed mid-load is either in
 * every figure or in none.
 */
import type { Plan } from "../../../engine"
import { LEFT, RIGHT, type BatchNetwork, type OrderComponentType, type PeriodBatchInput } from "../../../engine/batch"
import type { SqlDb } from "../commissions/sql-db"
import type { SqlExec } from "../repositories/sql-exec"
import { orderMembers } from "./member-order"
import { readFloat64Column, readInt32Column } from "./packed-columns"

export interface LoadTarget {
  periodKey: string
  currencyCode: string
  periodEnd: Date
  planId: string
  plan: Plan
  /** The closed run whose carry out is this period's carry in; null: no carry in. */
  carryRunId: string | null
}

export interface LoadedPeriod {
  input: PeriodBatchInput
  /** node_id of each batch member. */
  nodeIds: Int32Array
  stats: {
    members: number
    /** Members without a binary placement row (binary plans only): in no leg, see docs. */
    unplaced: number
    late_ancestors: number
    reordered: boolean
    orders: number
    period_cv_minor: number
    carry_rows: number
  }
}

/** The spec's bonus names of each per-order component (engine matching.ts). */
const ORDER_COMPONENT_BONUSES: Record<OrderComponentType, string[]> = {
  unilevel: ["unilevel"],
  retail_profit: ["retail_profit"],
  fast_start: ["fast_start"],
  matrix: ["matrix", "matrix_completion"],
  board: ["board_cycle", "board_reentry_fee"],
}

type Packed = Buffer | null

export async function loadPeriod(db: SqlDb, target: LoadTarget, onStep: (done: number) => Promise<void>): Promise<LoadedPeriod> {
  return db.transaction(async (exec) => {
    await exec(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
    // Plain scans and aggregates: compiling them costs more than it saves.
    await exec(`SET LOCAL jit = off`)
    const rankNames = target.plan.ranks?.map((rank) => rank.name) ?? []
    // facts: bit 0 = may not earn, bit 1 = enrolled before the period's end, bits 2.. = rank
    // position in plan.ranks (1-based, 0 = none). One packed column instead of three.
    const [m] = await exec<{ n: number; node_id: Packed; sponsor_node: Packed; facts: Packed }>(
      `SELECT count(*)::int AS n,
              string_agg(int4send(node_id), ''::bytea) AS node_id,
              string_agg(int4send(coalesce(path[cardinality(path) - 1], 0)), ''::bytea) AS sponsor_node,
              string_agg(int4send(CASE WHEN is_house OR status <> 'active' THEN 1 ELSE 0 END
                                  + CASE WHEN enrolled_at < $2 THEN 2 ELSE 0 END
                                  + 4 * coalesce(array_position($1::text[], rank), 0)), ''::bytea) AS facts
         FROM mlm_distributor WHERE deleted_at IS NULL`,
      [rankNames, target.periodEnd]
    )
    await onStep(0.3)
    const count = m.n
    const nodeIdOfRow = readInt32Column(m.node_id, count, "node_id")
    const facts = readInt32Column(m.facts, count, "facts")
    const rowOfNode = rowsByNode(nodeIdOfRow)
    const volume = await loadVolume(exec, target)
    await onStep(0.55)
    const hasBinary = target.plan.components.some((c) => c.type === "binary")
    const placement = hasBinary
      ? await loadPlacements(exec, target.planId, rowOfNode, count)
      : { parentNode: new Int32Array(count), side: new Int8Array(count).fill(-1) }
    await onStep(0.75)
    // A member of the period: enrolled before its end, or owner of one of its orders (an order
    // placed at checkout can be recorded a moment before the enrollment it brought).
    const inPeriod = Uint8Array.from(facts, (fact) => (fact >> 1) & 1)
    for (const node of volume.ownerNodes) {
      const row = rowAt(rowOfNode, node)
      if (row !== -1) inPeriod[row] = 1
    }
    const order = orderMembers({
      nodeId: nodeIdOfRow,
      sponsorNode: readInt32Column(m.sponsor_node, count, "sponsor_node"),
      placementParentNode: placement.parentNode,
      inPeriod,
    })
    const size = order.rowAt.length
    const nodeIds = new Int32Array(size)
    const network: Writable<BatchNetwork> = {
      size,
      sponsorIdx: order.sponsorIdx,
      placementParentIdx: order.placementParentIdx,
      placementSide: new Uint8Array(size),
      terminated: new Uint8Array(size),
      rankIdx: new Int8Array(size),
      pvMinor: new Float64Array(size),
    }
    let unplaced = 0
    for (let i = 0; i < size; i++) {
      const row = order.rowAt[i]
      nodeIds[i] = nodeIdOfRow[row]
      network.terminated[i] = facts[row] & 1
      network.rankIdx[i] = (facts[row] >> 2) - 1
      network.placementSide[i] = placement.side[row] === 1 ? RIGHT : LEFT
      if (placement.side[row] === -1) unplaced++
    }
    volume.ownerNodes.forEach((node, j) => {
      const member = rowAt(order.indexOfNode, node)
      if (member !== -1) network.pvMinor[member] += volume.cvMinor[j]
    })

    const carry = hasBinary ? await loadCarry(exec, target.carryRunId, order.indexOfNode, size) : null
    await onStep(0.9)
    const paidInPeriodMinor = await loadOrderComponentPay(exec, target, order.indexOfNode, size)
    const holders = await loadShareHolders(exec, target.plan, order.indexOfNode)
    await onStep(1)
    return {
      input: {
        network,
        ownCvMinor: network.pvMinor,
        carryIn: carry?.carryIn,
        periodCvMinor: volume.periodCvMinor,
        memberIndexOf: (id: string) => holders.get(id) ?? -1,
        joinOrder: order.joinOrder ?? undefined,
        paidInPeriodMinor,
      },
      nodeIds,
      stats: {
        members: size,
        unplaced: hasBinary ? unplaced : 0,
        late_ancestors: order.lateAncestors,
        reordered: order.joinOrder !== null,
        orders: volume.orders,
        period_cv_minor: volume.periodCvMinor,
        carry_rows: carry?.rows ?? 0,
      },
    }
  })
}

/**
 * The binary tree of the plan, per member row: parent node_id (0 for the root) and side (-1 when
 * the member has no placement row). A placement path holds node_ids like the sponsor path, so the
 * member is `path[cardinality(path)]` and its parent the element before: no join to distributors.
 */
async function loadPlacements(exec: SqlExec, treeKey: string, rowOfNode: Int32Array, count: number) {
  const [p] = await exec<{ n: number; node: Packed; parent_side: Packed }>(
    `SELECT count(*)::int AS n,
            string_agg(int4send(path[cardinality(path)]), ''::bytea) AS node,
            string_agg(int4send(coalesce(path[cardinality(path) - 1], 0) * 2 + coalesce(position, 0)), ''::bytea) AS parent_side
       FROM mlm_placement WHERE tree_type = 'binary' AND tree_key = $1`,
    [treeKey]
  )
  const nodes = readInt32Column(p.node, p.n, "placement node")
  const parentSide = readInt32Column(p.parent_side, p.n, "placement parent_side")
  const parentNode = new Int32Array(count)
  const side = new Int8Array(count).fill(-1)
  for (let j = 0; j < p.n; j++) {
    const row = rowAt(rowOfNode, nodes[j])
    if (row === -1) continue
    parentNode[row] = parentSide[j] >> 1
    side[row] = parentSide[j] & 1
  }
  return { parentNode, side }
}

/** A dense node_id → row map (node_ids come from a sequence: dense enough for an array). */
function rowsByNode(nodeIdOfRow: Int32Array): Int32Array {
  let maxNode = 0
  for (const node of nodeIdOfRow) if (node > maxNode) maxNode = node
  const rowOfNode = new Int32Array(maxNode + 1).fill(-1)
  nodeIdOfRow.forEach((node, row) => {
    rowOfNode[node] = row
  })
  return rowOfNode
}

/** Row (or batch index) of a node_id in a dense map, -1 when absent. */
function rowAt(map: Int32Array, node: number): number {
  return node > 0 && node < map.length ? map[node] : -1
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * Every open order of the period and currency: its owner (a customer's orders count for its
 * referrer) and net CV, summed per member by the caller; and the period's total CV. Per record
 * and summed in JavaScript: cheaper than a GROUP BY of a million orders in PostgreSQL.
 */
async function loadVolume(exec: SqlExec, target: LoadTarget) {
  const [v] = await exec<{ n: number; owners: number; node: Packed; cv: Packed; total: string | null }>(
    `SELECT count(*)::int AS n,
            string_agg(int4send(owner_node), ''::bytea) FILTER (WHERE owner_node IS NOT NULL) AS node,
            string_agg(float8send(net_cv_minor::float8), ''::bytea) FILTER (WHERE owner_node IS NOT NULL) AS cv,
            count(owner_node)::int AS owners,
            sum(net_cv_minor) AS total
       FROM mlm_commission_record
      WHERE period_key = $1 AND currency_code = $2 AND status = 'open'`,
    [target.periodKey, target.currencyCode]
  )
  return {
    orders: v.n,
    ownerNodes: readInt32Column(v.node, v.owners, "owner_node"),
    cvMinor: readFloat64Column(v.cv, v.owners, "net_cv_minor"),
    periodCvMinor: Number(v.total ?? 0),
  }
}

async function loadCarry(exec: SqlExec, carryRunId: string | null, indexOfNode: Int32Array, size: number) {
  const carryIn = { left: new Float64Array(size), right: new Float64Array(size) }
  if (carryRunId === null) return { carryIn, rows: 0 }
  const [c] = await exec<{ n: number; node: Packed; left: Packed; right: Packed }>(
    `SELECT count(*)::int AS n, string_agg(int4send(node_id), ''::bytea) AS node,
            string_agg(float8send(carry_left_minor::float8), ''::bytea) AS left,
            string_agg(float8send(carry_right_minor::float8), ''::bytea) AS right
       FROM mlm_period_member
      WHERE run_id = $1 AND (carry_left_minor <> 0 OR carry_right_minor <> 0)`,
    [carryRunId]
  )
  const nodes = readInt32Column(c.node, c.n, "carry node")
  const left = readFloat64Column(c.left, c.n, "carry_left_minor")
  const right = readFloat64Column(c.right, c.n, "carry_right_minor")
  for (let j = 0; j < c.n; j++) {
    // A member who left the network since keeps no carry here (there is no leg to hold it).
    const index = rowAt(indexOfNode, nodes[j])
    if (index === -1) continue
    carryIn.left[index] = left[j]
    carryIn.right[index] = right[j]
  }
  return { carryIn, rows: c.n }
}

/**
 * For a matching on a per-order component: what that component paid each member this period.
 * Driven from the ledger side: the ledger has no order_id index, the records' primary key is.
 */
async function loadOrderComponentPay(exec: SqlExec, target: LoadTarget, indexOfNode: Int32Array, size: number) {
  const pay: Partial<Record<OrderComponentType, Float64Array>> = {}
  for (const component of target.plan.components) {
    if (component.type !== "matching" || !(component.on in ORDER_COMPONENT_BONUSES)) continue
    const on = component.on as OrderComponentType
    const [p] = await exec<{ n: number; node: Packed; paid: Packed }>(
      `SELECT count(*)::int AS n, string_agg(int4send(node), ''::bytea) AS node, string_agg(float8send(paid::float8), ''::bytea) AS paid
         FROM (SELECT l.beneficiary_node AS node, sum(l.amount_minor) AS paid
                 FROM mlm_ledger_line l
                WHERE l.currency_code = $2 AND l.bonus = ANY($3::text[]) AND l.status <> 'canceled' AND l.source_kind <> 'period'
                  AND EXISTS (SELECT 1 FROM mlm_commission_record r WHERE r.order_id = l.order_id AND r.period_key = $1)
                GROUP BY l.beneficiary_node) paid`,
      [target.periodKey, target.currencyCode, ORDER_COMPONENT_BONUSES[on]]
    )
    const nodes = readInt32Column(p.node, p.n, "paid node")
    const paid = readFloat64Column(p.paid, p.n, "paid")
    const perMember = new Float64Array(size)
    for (let j = 0; j < p.n; j++) {
      const index = rowAt(indexOfNode, nodes[j])
      if (index !== -1) perMember[index] += paid[j]
    }
    pay[on] = perMember
  }
  return pay
}

/** Pool shares name distributors by id; the few holders are looked up by primary key. */
async function loadShareHolders(exec: SqlExec, plan: Plan, indexOfNode: Int32Array): Promise<Map<string, number>> {
  const ids = plan.components.flatMap((c) => (c.type === "pool" ? Object.keys(c.shares) : []))
  if (ids.length === 0) return new Map()
  const rows = await exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor WHERE id = ANY($1::text[])`, [ids])
  const holders = new Map<string, number>()
  for (const row of rows) {
    const index = rowAt(indexOfNode, row.node_id)
    if (index !== -1) holders.set(row.id, index)
  }
  return holders
}
