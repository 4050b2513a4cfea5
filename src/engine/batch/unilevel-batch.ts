/**
 * Unilevel for a whole batch of orders on struct-of-arrays data (spec: `unilevel`).
 *
 * Each order pays `levels_bp[k-1]` of its CV to the member at level k above its owner on the
 * sponsor tree (the owner never earns on its own order). Level k is open to a member who is
 * active at that order and whose rank unlocks k (`depth_by_rank`; no rank, or a rank missing from
 * the map, unlocks all). `"none"` compression walks exactly `levels_bp.length` sponsors and leaves
 * the level of an ineligible one unpaid; `"dynamic"` skips ineligible members without using up
 * the level.
 *
 * At store scale the cost is memory access, not arithmetic, so the batch is laid out for it:
 * members are numbered so that sponsors come first and neighbours share uplines
 * (sponsor-layout.ts), orders are taken grouped by owner in that numbering (orders-by-owner.ts),
 * so each walk up the tree reads what the previous one left in cache, and each order's lines are
 * written as the walk finds them, in that sequence (order-lines.ts). Dynamic compression follows
 * static links over members eligible at some order of the batch and steps over the ones not yet
 * active (ever-eligible-uplinks.ts); an order that would step over too many is handed to a
 * backwards-in-time pass (unilevel-deferred.ts), which keeps the whole batch linear.
 */
import type { Rounding } from "../money"
import { levelThresholds, memberLinks } from "./ever-eligible-uplinks"
import { BatchInputError, NO_PARENT, assertBatchNetwork, assertOrderBatch, type BatchNetwork, type OrderBatch } from "./network"
import { OrderLineTable, lineCents, type OrderLines } from "./order-lines"
import { ordersByOwner, type OrdersByOwner } from "./orders-by-owner"
import { ownerActivity } from "./owner-activity"
import { sponsorLayout, type SponsorLayout } from "./sponsor-layout"
import { payDeferredBackwards, type DeferredOrders } from "./unilevel-deferred"

export interface UnilevelBatchPlan {
  readonly levelsBp: readonly number[]
  readonly compression: "dynamic" | "none"
  readonly rounding: Rounding
  /** `plan.activity.min_pv`; null when every member who is not terminated is active. */
  readonly activityMinPvMinor: number | null
  /** Levels unlocked by rank index (`depth_by_rank`); null entries and no table unlock all. */
  readonly levelsByRankIdx: readonly (number | null)[] | null
}

export interface UnilevelBatchResult {
  /** Each order's lines together, by level; orders grouped by owner. */
  readonly lines: OrderLines
  readonly pvAfterMinor: Float64Array
}

export const MAX_UNILEVEL_LEVELS = 255

/**
 * Members a dynamic walk may step over per order (members that become active only after it)
 * before the order is deferred. Far above what random, balanced or star networks need (about two
 * per order), low enough that the walk stays O(levels + this) per order.
 */
export const WALK_STEP_BUDGET = 64

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const centsOf = lineCents
const noParent = NO_PARENT

export function computeUnilevelBatch(
  network: BatchNetwork,
  orders: OrderBatch,
  plan: UnilevelBatchPlan
): UnilevelBatchResult {
  assertUnilevelPlan(plan)
  assertBatchNetwork(network, { placementTree: false })
  assertOrderBatch(orders, network.size)
  const layout = sponsorLayout(network.sponsorIdx)
  const byOwner = ordersByOwner(orders, layout)
  const levelCount = plan.levelsBp.length
  const unlockedByRank = unlockedLevelsByRank(plan)
  const { activeFrom, unlocked, pvAfterMinor } = ownerActivity(network, byOwner, layout, plan.activityMinPvMinor, unlockedByRank)
  const dynamic = plan.compression === "dynamic"
  const thresholds = dynamic ? levelThresholds(network.rankIdx, unlockedByRank, levelCount) : null
  const { up, lineBound } = memberLinks(layout.sponsor, activeFrom, unlocked, thresholds, levelCount)
  const table = new OrderLineTable(orders.size, rowBound(byOwner.owner, lineBound))
  const rates = { bp: Int32Array.from(plan.levelsBp), halfUp: plan.rounding === "half_up" }
  const lineCount =
    thresholds !== null
      ? payDynamic(layout, byOwner, orders.cvMinor, activeFrom, unlocked, up, thresholds, levelCount, rates, table)
      : payNone(layout, byOwner, activeFrom, unlocked, levelCount, rates, table)
  return { lines: table.finish(lineCount), pvAfterMinor }
}

/** Lines the batch can pay at most: each order's owner bounds its lines (`lineBound`). */
function rowBound(owner: Int32Array, lineBound: Uint8Array): number {
  let rows = 0
  for (let i = 0; i < owner.length; i++) rows += lineBound[owner[i]]
  return rows
}

interface Rates {
  /** `levels_bp` of the plan. */
  readonly bp: Int32Array
  readonly halfUp: boolean
}

function assertUnilevelPlan(plan: UnilevelBatchPlan): void {
  if (plan.levelsBp.length < 1 || plan.levelsBp.length > MAX_UNILEVEL_LEVELS) {
    throw new BatchInputError(`levelsBp: 1..${MAX_UNILEVEL_LEVELS} levels`)
  }
  plan.levelsBp.forEach((rateBp, i) => {
    if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10000) {
      throw new BatchInputError(`levelsBp[${i}]: must be an integer 0..10000`)
    }
  })
}

/**
 * Levels each rank unlocks, clamped to the plan's level count, indexed by the rank's Int8 bits:
 * "no rank" (-1) and other negatives land on 128..255 and unlock all, as do ranks the table does
 * not reach and its null entries.
 */
function unlockedLevelsByRank(plan: UnilevelBatchPlan): Uint8Array {
  const levelCount = plan.levelsBp.length
  const byRank = new Uint8Array(256).fill(levelCount)
  plan.levelsByRankIdx?.forEach((levels, rank) => {
    if (rank < 128 && levels !== null && levels !== undefined) byRank[rank] = Math.min(levelCount, levels)
  })
  return byRank
}

/**
 * Dynamic compression, orders grouped by owner: level k's payee is the first member on the
 * level's chain of links above the previous payee that is active at the order. Each line is
 * written as it is found; a zero-cent line is written and then written over.
 */
function payDynamic(
  layout: SponsorLayout,
  byOwner: OrdersByOwner,
  cvOfOrder: Int32Array,
  activeFrom: Int32Array,
  unlocked: Uint8Array,
  up: Int32Array,
  thresholds: readonly number[],
  levelCount: number,
  rates: Rates,
  table: OrderLineTable
): number {
  const sentinel = layout.size
  // Levels between two thresholds share one chain of links.
  const groupOfLevel = new Int32Array(levelCount + 1)
  const upBaseOfLevel = new Int32Array(levelCount + 1)
  for (let level = 1, g = 0; level <= levelCount; level++) {
    while (g + 1 < thresholds.length && thresholds[g + 1] <= level) g++
    groupOfLevel[level] = g
    upBaseOfLevel[level] = g * (sentinel + 1)
  }
  const { owner, order, cvMinor } = byOwner
  const { oldIdx } = layout
  const { orderRowStart, orderRowCount, toIdx, level, cents } = table
  const ratesBp = rates.bp
  const halfUp = rates.halfUp
  const deferred = { orders: new Int32Array(16), count: 0 }
  let row = 0
  for (let i = 0; i < order.length; i++) {
    const j = order[i]
    const cv = cvMinor[i]
    const first = row
    let member = owner[i]
    let budget = WALK_STEP_BUDGET
    for (let k = 1; k <= levelCount; k++) {
      const base = upBaseOfLevel[k]
      let x = up[base + member]
      // The sentinel is active throughout, so every chain stops there.
      while (activeFrom[x] > j && --budget >= 0) x = up[base + x]
      if (x === sentinel || budget < 0) break
      const amount = centsOf(cv, ratesBp[k - 1], halfUp)
      toIdx[row] = oldIdx === null ? x : oldIdx[x]
      level[row] = k
      cents[row] = amount
      // Written unconditionally, kept only when non-zero: a branch here mispredicts.
      row += +(amount !== 0)
      member = x
    }
    if (budget < 0) {
      row = first
      defer(deferred, j)
    } else if (row > first) {
      orderRowStart[j] = first
      orderRowCount[j] = row - first
    }
  }
  if (deferred.count === 0) return row
  const context = { ownerOfOrder: byOwner.ownerOfOrder, cvOfOrder, sponsor: layout.sponsor, activeFrom, unlocked, thresholds, groupOfLevel, oldIdx }
  return payDeferredBackwards(deferred, context, rates, table, row)
}

function defer(deferred: { orders: Int32Array; count: number }, j: number): void {
  if (deferred.count === deferred.orders.length) {
    const grown = new Int32Array(deferred.orders.length * 2)
    grown.set(deferred.orders)
    deferred.orders = grown
  }
  deferred.orders[deferred.count++] = j
}

/**
 * No compression, orders grouped by owner: exactly `levelCount` sponsors, each paid when active
 * at the order and unlocked for its level. Bounded per order, so nothing is deferred.
 */
function payNone(
  layout: SponsorLayout,
  byOwner: OrdersByOwner,
  activeFrom: Int32Array,
  unlocked: Uint8Array,
  levelCount: number,
  rates: Rates,
  table: OrderLineTable
): number {
  const { owner, order, cvMinor } = byOwner
  const { oldIdx, sponsor } = layout
  const { orderRowStart, orderRowCount, toIdx, level, cents } = table
  const ratesBp = rates.bp
  const halfUp = rates.halfUp
  let row = 0
  for (let i = 0; i < order.length; i++) {
    const j = order[i]
    const cv = cvMinor[i]
    const first = row
    let member = owner[i]
    for (let k = 1; k <= levelCount; k++) {
      member = sponsor[member]
      if (member === noParent) break
      const amount = centsOf(cv, ratesBp[k - 1], halfUp)
      toIdx[row] = oldIdx === null ? member : oldIdx[member]
      level[row] = k
      cents[row] = amount
      // Kept when eligible and non-zero, without a branch (a third of the tests mispredict).
      row += (activeFrom[member] <= j ? 1 : 0) & (unlocked[member] >= k ? 1 : 0) & (amount !== 0 ? 1 : 0)
    }
    if (row > first) {
      orderRowStart[j] = first
      orderRowCount[j] = row - first
    }
  }
  return row
}
