/**
 * Dynamic compression for the orders the owner-order walk gave up on (unilevel-batch.ts): those
 * whose upline holds a long run of members that become active only after the order.
 *
 * They are taken backwards in time over `EligibleAncestors` forests, so that members only ever
 * leave the eligible sets and path halving keeps every find amortised near-constant however deep
 * the tree: O(members × thresholds + orders + deferred orders × levels). Together with the
 * walk's per-order step budget this keeps the whole batch linear on any shape, e.g. a
 * 100,000-deep chain that becomes active from the top down after orders from its bottom.
 */
import { EligibleAncestors, findEligibleAbove } from "./eligible-ancestors"
import { lineCents, type OrderLineTable } from "./order-lines"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const centsOf = lineCents
const findAbove = findEligibleAbove

export interface DeferredOrders {
  /** Order indices, any sequence. */
  readonly orders: Int32Array
  readonly count: number
}

/** What the owner-order walk knew about the batch, in layout numbering (unilevel-batch.ts). */
export interface DeferredContext {
  readonly ownerOfOrder: Int32Array
  readonly cvOfOrder: Int32Array
  readonly sponsor: Int32Array
  readonly activeFrom: Int32Array
  readonly unlocked: Uint8Array
  readonly thresholds: readonly number[]
  readonly groupOfLevel: Int32Array
  readonly oldIdx: Int32Array | null
}

/**
 * Writes the lines of every deferred order into `table` from row `row` on; returns the row
 * after the last line written.
 */
export function payDeferredBackwards(
  deferred: DeferredOrders,
  context: DeferredContext,
  rates: { readonly bp: Int32Array; readonly halfUp: boolean },
  table: OrderLineTable,
  row: number
): number {
  const { ownerOfOrder, cvOfOrder, sponsor, activeFrom, unlocked, thresholds, groupOfLevel, oldIdx } = context
  const orderCount = ownerOfOrder.length
  const size = sponsor.length
  const lastOrder = orderCount - 1
  const isDeferred = new Uint8Array(orderCount)
  for (let i = 0; i < deferred.count; i++) isDeferred[deferred.orders[i]] = 1
  // Going back past order j, the member whose activity started with it stops being active.
  const activatedBy = new Int32Array(orderCount).fill(-1)
  for (let v = 0; v < size; v++) {
    const from = activeFrom[v]
    if (from >= 0 && from <= lastOrder) activatedBy[from] = v
  }
  const forests = new EligibleAncestors(sponsor, thresholds.length, (v, g) => activeFrom[v] <= lastOrder && unlocked[v] >= thresholds[g])
  const { up, eligibleBits: bits, words, sentinel } = forests
  const levelCount = groupOfLevel.length - 1
  const { orderRowStart, orderRowCount, toIdx, level, cents } = table
  for (let j = lastOrder; j >= 0; j--) {
    if (isDeferred[j] === 1) {
      const first = row
      const cv = cvOfOrder[j]
      let member = ownerOfOrder[j]
      for (let k = 1; k <= levelCount; k++) {
        const g = groupOfLevel[k]
        member = findAbove(up, bits, g * (sentinel + 1), g * words, member)
        if (member === sentinel) break
        const amount = centsOf(cv, rates.bp[k - 1], rates.halfUp)
        if (amount === 0) continue
        toIdx[row] = oldIdx === null ? member : oldIdx[member]
        level[row] = k
        cents[row++] = amount
      }
      if (row > first) {
        orderRowStart[j] = first
        orderRowCount[j] = row - first
      }
    }
    const activated = activatedBy[j]
    if (activated >= 0) forests.removeEverywhere(activated)
  }
  return row
}
