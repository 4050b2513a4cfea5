/**
 * Unilevel for a whole batch of orders on struct-of-arrays data (spec: `unilevel`).
 *
 * Each order pays `levels_bp[k-1]` of its CV to the member at level k above its owner on the
 * sponsor tree (the owner never earns on its own order). Level k is open to a member who is
 * active at that order and whose rank unlocks k (`depth_by_rank`; no rank, or a rank missing from
 * the map, unlocks all). `"none"` compression walks exactly `levels_bp.length` sponsors and leaves
 * the level of an ineligible one unpaid; `"dynamic"` skips ineligible members without using up
 * the level. Both run backwards in time so that members only ever *leave* the eligible sets (see
 * period-activity.ts): eligibility is then a bit per member that is only ever cleared, and
 * `EligibleAncestors` can skip whole inactive stretches for dynamic.
 */
import type { Rounding } from "../money"
import { EligibleAncestors, findEligibleAbove } from "./eligible-ancestors"
import { BatchInputError, NO_PARENT, assertBatchNetwork, assertOrderBatch, type BatchNetwork, type OrderBatch } from "./network"
import { OrderLineColumns, lineCents, type OrderLines } from "./order-lines"
import { periodActivity, type PeriodActivity } from "./period-activity"

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
  const activity = periodActivity(network, orders, plan.activityMinPvMinor)
  const lines = payBackwards(network, orders, plan, activity, unlockedLevels(network, plan))
  return { lines, pvAfterMinor: activity.pvAfterMinor }
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

/**
 * Both compressions, orders from last to first so that members only ever leave the eligible sets:
 * going back past order j, the member whose activity started with it stops being active.
 * `"none"` walks the sponsor links and pays the k-th ancestor when it is eligible for level k;
 * `"dynamic"` asks the forest of level k for the nearest eligible ancestor above the last payee.
 */
function payBackwards(
  network: BatchNetwork,
  orders: OrderBatch,
  plan: UnilevelBatchPlan,
  activity: PeriodActivity,
  unlocked: Uint8Array
): OrderLines {
  const { sponsorIdx } = network
  const { levelsBp } = plan
  const { activeFromOrder, activatedOwnerByOrder } = activity
  const dynamic = plan.compression === "dynamic"
  const halfUp = plan.rounding === "half_up"
  const centsOf = lineCents
  const findAbove = findEligibleAbove
  const noParent = NO_PARENT
  const levelCount = levelsBp.length
  const lastOrder = orders.size - 1
  // Levels where the eligible set changes: 1, and one past each rank's unlocked depth. Levels
  // between two thresholds share one forest.
  const thresholds = [...new Set([1, ...distinctValues(unlocked).map((levels) => levels + 1)])]
    .filter((level) => level <= levelCount)
    .sort((a, b) => a - b)
  const forests = new EligibleAncestors(
    sponsorIdx,
    thresholds.length,
    (v, g) => activeFromOrder[v] <= lastOrder && unlocked[v] >= thresholds[g]
  )
  const { up, eligibleBits: bits, words, sentinel } = forests
  const upBaseOfLevel = new Int32Array(levelCount + 1)
  const bitBaseOfLevel = new Int32Array(levelCount + 1)
  for (let level = 1, g = 0; level <= levelCount; level++) {
    while (g + 1 < thresholds.length && thresholds[g + 1] <= level) g++
    upBaseOfLevel[level] = g * (sentinel + 1)
    bitBaseOfLevel[level] = g * words
  }
  const payees = new Int32Array(levelCount)
  const payeeLevels = new Int32Array(levelCount)
  // Filled with each order's line count first, turned into start offsets at the end.
  const orderLineStart = new Int32Array(orders.size + 1)
  const out = new OrderLineColumns(initialRows(orders.size, levelCount))
  const { ownerIdx, cvMinor: orderCvMinor } = orders
  let lineCount = 0
  for (let j = lastOrder; j >= 0; j--) {
    const cvMinor = orderCvMinor[j]
    let paid = 0
    let member = ownerIdx[j]
    if (dynamic) {
      for (let k = 1; k <= levelCount; k++) {
        member = findAbove(up, bits, upBaseOfLevel[k], bitBaseOfLevel[k], member)
        if (member === sentinel) break
        payees[paid] = member
        payeeLevels[paid++] = k
      }
    } else {
      for (let k = 1; k <= levelCount; k++) {
        member = sponsorIdx[member]
        if (member === noParent) break
        const bitBase = bitBaseOfLevel[k]
        // Recorded unconditionally, kept only when eligible: a branch here mispredicts.
        payees[paid] = member
        payeeLevels[paid] = k
        paid += (bits[bitBase + (member >>> 5)] >>> (member & 31)) & 1
      }
    }
    out.reserve(lineCount + paid + 1)
    const { toIdx, level, cents } = out
    const orderStart = lineCount
    // Highest level first: the final reverse puts every order's lines in level order.
    for (let i = paid - 1; i >= 0; i--) {
      const k = payeeLevels[i]
      const amount = centsOf(cvMinor, levelsBp[k - 1], halfUp)
      toIdx[lineCount] = payees[i]
      level[lineCount] = k
      cents[lineCount] = amount
      lineCount += +(amount !== 0)
    }
    orderLineStart[j + 1] = lineCount - orderStart
    const activated = activatedOwnerByOrder[j]
    if (activated >= 0) forests.removeEverywhere(activated)
  }
  out.reverse(lineCount)
  for (let j = 0; j < orders.size; j++) orderLineStart[j + 1] += orderLineStart[j]
  return out.finish(orderLineStart, lineCount)
}

/** Every line of every order up to 10 levels deep fits before any growth. */
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
