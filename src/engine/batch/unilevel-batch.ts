/**
 * Unilevel for a whole batch of orders on struct-of-arrays data (spec: `unilevel`).
 *
 * Each order pays `levels_bp[k-1]` of its CV to the member at level k above its owner on the
 * sponsor tree (the owner never earns on its own order). Level k is open to a member who is
 * active at that order and whose rank unlocks k (`depth_by_rank`; no rank, or a rank missing from
 * the map, unlocks all). `"none"` compression walks exactly `levels_bp.length` sponsors and leaves
 * the level of an ineligible one unpaid; `"dynamic"` skips ineligible members without using up
 * the level. Dynamic runs backwards in time so that members only ever *leave* the eligible sets
 * (see period-activity.ts), which lets `EligibleAncestors` skip whole inactive stretches.
 */
import { applyRateBp, type Rounding } from "../money"
import { EligibleAncestors } from "./eligible-ancestors"
import { BatchInputError, NO_PARENT, assertBatchNetwork, assertOrderBatch, type BatchNetwork, type OrderBatch } from "./network"
import { OrderLineColumns, type OrderLines } from "./order-lines"
import { periodActivity } from "./period-activity"

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
  /** Grouped by order, each order's lines by level. */
  readonly lines: OrderLines
  readonly pvAfterMinor: Float64Array
}

export const MAX_UNILEVEL_LEVELS = 255

export function computeUnilevelBatch(
  network: BatchNetwork,
  orders: OrderBatch,
  plan: UnilevelBatchPlan
): UnilevelBatchResult {
  assertUnilevelPlan(plan)
  assertBatchNetwork(network, { placementTree: false })
  assertOrderBatch(orders, network.size)
  const { activeFromOrder, pvAfterMinor } = periodActivity(network, orders, plan.activityMinPvMinor)
  const unlocked = unlockedLevels(network, plan)
  const lines =
    plan.compression === "none"
      ? payUncompressed(network, orders, plan, activeFromOrder, unlocked)
      : payDynamic(network, orders, plan, activeFromOrder, unlocked)
  return { lines, pvAfterMinor }
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

/** Levels each member may take, clamped to the plan's level count. */
function unlockedLevels(network: BatchNetwork, plan: UnilevelBatchPlan): Uint8Array {
  const levelCount = plan.levelsBp.length
  const unlocked = new Uint8Array(network.size)
  const table = plan.levelsByRankIdx
  for (let v = 0; v < network.size; v++) {
    const rank = network.rankIdx[v]
    const levels = table !== null && rank >= 0 && rank < table.length ? table[rank] : null
    unlocked[v] = levels === null || levels === undefined ? levelCount : Math.min(levelCount, levels)
  }
  return unlocked
}

function payUncompressed(
  network: BatchNetwork,
  orders: OrderBatch,
  plan: UnilevelBatchPlan,
  activeFromOrder: Int32Array,
  unlocked: Uint8Array
): OrderLines {
  const { sponsorIdx } = network
  const { levelsBp, rounding } = plan
  // Imported bindings are read once: some CommonJS loaders (tsx) turn each read into a getter call.
  const noParent = NO_PARENT
  const rateOf = applyRateBp
  const levelCount = levelsBp.length
  const orderLineStart = new Int32Array(orders.size + 1)
  const out = new OrderLineColumns(initialRows(orders.size, levelCount))
  let lineCount = 0
  for (let j = 0; j < orders.size; j++) {
    orderLineStart[j] = lineCount
    out.reserve(lineCount + levelCount + 1)
    const { toIdx, level, cents } = out
    const cvMinor = orders.cvMinor[j]
    let member = sponsorIdx[orders.ownerIdx[j]]
    for (let k = 1; k <= levelCount && member !== noParent; k++) {
      const amount = rateOf(cvMinor, levelsBp[k - 1], rounding)
      // Written unconditionally, kept only when paid: a branch here mispredicts on random activity.
      toIdx[lineCount] = member
      level[lineCount] = k
      cents[lineCount] = amount
      lineCount += +(activeFromOrder[member] <= j && unlocked[member] >= k && amount !== 0)
      member = sponsorIdx[member]
    }
  }
  orderLineStart[orders.size] = lineCount
  return out.finish(orderLineStart, lineCount)
}

function payDynamic(
  network: BatchNetwork,
  orders: OrderBatch,
  plan: UnilevelBatchPlan,
  activeFromOrder: Int32Array,
  unlocked: Uint8Array
): OrderLines {
  const { sponsorIdx } = network
  const { levelsBp, rounding } = plan
  // Imported bindings are read once: some CommonJS loaders (tsx) turn each read into a getter call.
  const noParent = NO_PARENT
  const rateOf = applyRateBp
  const levelCount = levelsBp.length
  const lastOrder = orders.size - 1
  // Levels where the eligible set changes: 1, and one past each rank's unlocked depth. Levels
  // between two thresholds share one EligibleAncestors.
  const thresholds = [...new Set([1, ...distinctValues(unlocked).map((levels) => levels + 1)])]
    .filter((level) => level <= levelCount)
    .sort((a, b) => a - b)
  const finders = thresholds.map(
    (minLevels) =>
      new EligibleAncestors(sponsorIdx, (v) => activeFromOrder[v] <= lastOrder && unlocked[v] >= minLevels)
  )
  const finderOfLevel: EligibleAncestors[] = [finders[0]]
  for (let level = 1, g = 0; level <= levelCount; level++) {
    while (g + 1 < thresholds.length && thresholds[g + 1] <= level) g++
    finderOfLevel[level] = finders[g]
  }
  const sentinel = network.size
  const payees = new Int32Array(levelCount)
  // Filled with each order's line count first, turned into start offsets at the end.
  const orderLineStart = new Int32Array(orders.size + 1)
  const out = new OrderLineColumns(initialRows(orders.size, levelCount))
  let lineCount = 0
  for (let j = lastOrder; j >= 0; j--) {
    const owner = orders.ownerIdx[j]
    const cvMinor = orders.cvMinor[j]
    let paidLevels = 0
    let member = sponsorIdx[owner]
    while (paidLevels < levelCount && member !== noParent) {
      member = finderOfLevel[paidLevels + 1].find(member)
      if (member === sentinel) break
      payees[paidLevels++] = member
      member = sponsorIdx[member]
    }
    out.reserve(lineCount + paidLevels + 1)
    const { toIdx, level, cents } = out
    const orderStart = lineCount
    // Highest level first: the final reverse puts every order's lines in level order.
    for (let i = paidLevels - 1; i >= 0; i--) {
      const amount = rateOf(cvMinor, levelsBp[i], rounding)
      toIdx[lineCount] = payees[i]
      level[lineCount] = i + 1
      cents[lineCount] = amount
      lineCount += +(amount !== 0)
    }
    orderLineStart[j + 1] = lineCount - orderStart
    if (activeFromOrder[owner] === j) {
      // Going back past order j, its owner is no longer active.
      for (let g = 0; g < finders.length; g++) {
        if (unlocked[owner] >= thresholds[g]) finders[g].remove(owner)
      }
    }
  }
  out.reverse(lineCount)
  for (let j = 0; j < orders.size; j++) orderLineStart[j + 1] += orderLineStart[j]
  return out.finish(orderLineStart, lineCount)
}

/** Room for the usual case (about one line per level per order, capped) before any growth. */
function initialRows(orderCount: number, levelCount: number): number {
  return orderCount * Math.min(levelCount, 10) + 1
}

function distinctValues(values: Uint8Array): number[] {
  const seen = new Uint8Array(256)
  for (let i = 0; i < values.length; i++) seen[values[i]] = 1
  const distinct: number[] = []
  for (let value = 0; value < 256; value++) if (seen[value]) distinct.push(value)
  return distinct
}
