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
import type { OrderLineBuckets } from "./order-line-buckets"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const findAbove = findEligibleAbove

export interface DeferredOrders {
  /** Order indices, any sequence. */
  readonly orders: Int32Array
  readonly count: number
}

/** Records the payees of every deferred order in `buckets`; returns how many it recorded. */
export function payDeferredBackwards(
  deferred: DeferredOrders,
  ownerOfOrder: Int32Array,
  sponsor: Int32Array,
  activeFrom: Int32Array,
  unlocked: Uint8Array,
  thresholds: readonly number[],
  groupOfLevel: Int32Array,
  oldIdx: Int32Array | null,
  buckets: OrderLineBuckets
): number {
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
  const { records, fill, blockShift } = buckets
  const blockMask = (1 << blockShift) - 1
  let recorded = 0
  for (let j = lastOrder; j >= 0; j--) {
    if (isDeferred[j] === 1) {
      const bucket = j >>> blockShift
      const head = fill[bucket]
      let at = head + 1
      let member = ownerOfOrder[j]
      for (let k = 1; k <= levelCount; k++) {
        const g = groupOfLevel[k]
        member = findAbove(up, bits, g * (sentinel + 1), g * words, member)
        if (member === sentinel) break
        records[at++] = oldIdx === null ? member : oldIdx[member]
      }
      const count = at - head - 1
      if (count > 0) {
        records[head] = (count << blockShift) | (j & blockMask)
        fill[bucket] = at
        recorded += count
      }
    }
    const activated = activatedBy[j]
    if (activated >= 0) forests.removeEverywhere(activated)
  }
  return recorded
}
