/**
 * Load phase of a period run (docs/periods.md): everything `computePeriodBatch` needs, read in a
 * fixed number of set-based statements whatever the network's size (never one per distributor;
 * the statements are in load-queries.ts):
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
 * every figure or in none. The statements are independent: they are sent together, and
 * PostgreSQL runs each while the previous answer is decoded here.
 */
import type { Plan } from "../../../engine"
import { LEFT, RIGHT, type BatchNetwork, type OrderComponentType, type PeriodBatchInput } from "../../../engine/batch"
import type { SqlDb } from "../commissions/sql-db"
import { orderMembers } from "./member-order"
import { queryCarry, queryMembers, queryOrderComponentPay, queryPlacements, queryShareHolders, queryVolume } from "./load-queries"

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

type Writable<T> = { -readonly [K in keyof T]: T[K] }

export async function loadPeriod(db: SqlDb, target: LoadTarget, onStep: (done: number) => Promise<void>): Promise<LoadedPeriod> {
  const { plan } = target
  const hasBinary = plan.components.some((c) => c.type === "binary")
  const matchedOn = plan.components.flatMap((c) =>
    c.type === "matching" && c.on in ORDER_COMPONENT_BONUSES ? [c.on as OrderComponentType] : []
  )
  const fetched = await db.transaction(async (exec) => {
    await exec(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
    // Plain scans and aggregates: compiling them costs more than it saves.
    await exec(`SET LOCAL jit = off`)
    let answered = 0
    const statements = 4 + matchedOn.length
    const tracked = async <T>(query: Promise<T>): Promise<T> => {
      const answer = await query
      await onStep((0.8 * ++answered) / statements)
      return answer
    }
    const [members, volume, placements, carry, holders, ...paid] = await Promise.all([
      tracked(queryMembers(exec, plan.ranks?.map((rank) => rank.name) ?? [], target.periodEnd)),
      tracked(queryVolume(exec, target.periodKey, target.currencyCode)),
      tracked(hasBinary ? queryPlacements(exec, target.planId) : Promise.resolve(null)),
      tracked(hasBinary && target.carryRunId ? queryCarry(exec, target.carryRunId) : Promise.resolve(null)),
      queryShareHolders(exec, plan.components.flatMap((c) => (c.type === "pool" ? Object.keys(c.shares) : []))),
      ...matchedOn.map((on) => tracked(queryOrderComponentPay(exec, target.periodKey, target.currencyCode, ORDER_COMPONENT_BONUSES[on]))),
    ])
    return { members, volume, placements, carry, holders, paid }
  })
  const { members, volume, placements, carry } = fetched

  const rowOfNode = denseIndex(members.nodeId)
  const parentNode = new Int32Array(members.count)
  const side = new Int8Array(members.count).fill(-1)
  if (placements) {
    for (let j = 0; j < placements.nodes.length; j++) {
      const row = at(rowOfNode, placements.nodes[j])
      if (row === -1) continue
      parentNode[row] = placements.parentSide[j] >> 1
      side[row] = placements.parentSide[j] & 1
    }
  }
  // A member of the period: enrolled before its end, or owner of one of its orders (an order
  // placed at checkout can be recorded a moment before the enrollment it brought).
  const inPeriod = new Uint8Array(members.count)
  for (let row = 0; row < members.count; row++) inPeriod[row] = (members.facts[row] >> 1) & 1
  for (let j = 0; j < volume.ownerNodes.length; j++) {
    const row = at(rowOfNode, volume.ownerNodes[j])
    if (row !== -1) inPeriod[row] = 1
  }
  const order = orderMembers({ nodeId: members.nodeId, sponsorNode: members.sponsorNode, placementParentNode: parentNode, inPeriod })

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
    nodeIds[i] = members.nodeId[row]
    network.terminated[i] = members.facts[row] & 1
    network.rankIdx[i] = (members.facts[row] >> 2) - 1
    network.placementSide[i] = side[row] === 1 ? RIGHT : LEFT
    if (side[row] === -1) unplaced++
  }
  const perMember = (nodes: Int32Array, amounts: Float64Array, into = new Float64Array(size)) => {
    for (let j = 0; j < nodes.length; j++) {
      const member = at(order.indexOfNode, nodes[j])
      if (member !== -1) into[member] += amounts[j]
    }
    return into
  }
  perMember(volume.ownerNodes, volume.cvMinor, network.pvMinor)
  // A member who left the network since keeps no carry here (there is no leg to hold it).
  const carryIn = hasBinary
    ? { left: carry ? perMember(carry.nodes, carry.left) : new Float64Array(size), right: carry ? perMember(carry.nodes, carry.right) : new Float64Array(size) }
    : undefined
  const paidInPeriodMinor: Partial<Record<OrderComponentType, Float64Array>> = {}
  matchedOn.forEach((on, k) => {
    paidInPeriodMinor[on] = perMember(fetched.paid[k].nodes, fetched.paid[k].paid)
  })
  const holders = new Map<string, number>()
  for (const holder of fetched.holders) {
    const member = at(order.indexOfNode, holder.node_id)
    if (member !== -1) holders.set(holder.id, member)
  }
  await onStep(1)
  return {
    input: {
      network,
      ownCvMinor: network.pvMinor,
      carryIn,
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
      carry_rows: carry?.nodes.length ?? 0,
    },
  }
}

/** A node_id → row map in an array (node_ids come from a sequence: dense). */
function denseIndex(nodeIds: Int32Array): Int32Array {
  let maxNode = 0
  for (const node of nodeIds) if (node > maxNode) maxNode = node
  const index = new Int32Array(maxNode + 1).fill(-1)
  for (let row = 0; row < nodeIds.length; row++) index[nodeIds[row]] = row
  return index
}

/** Entry of a node_id in a dense map, -1 when absent. */
function at(map: Int32Array, node: number): number {
  return node > 0 && node < map.length ? map[node] : -1
}
