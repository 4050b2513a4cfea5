/**
 * A batch's orders grouped by owner in layout numbering (sponsor-layout.ts), each owner's orders
 * in the order they were placed.
 *
 * Taking orders this way round is what makes the unilevel walk cheap: consecutive orders start
 * from the same or neighbouring members, so their uplines are already in cache. The sort is a
 * stable LSD radix sort on 11-bit digits (two passes up to 4,194,304 members): each pass reads
 * in sequence and writes into 2,048 runs that stay in cache, where a counting sort on the owner
 * itself would make three random accesses per order into member-sized arrays.
 */
import type { OrderBatch } from "./network"
import type { SponsorLayout } from "./sponsor-layout"

export interface OrdersByOwner {
  /** Owner (layout numbering) at each position, ascending. */
  readonly owner: Int32Array
  /** Order index at each position; ascending within one owner. */
  readonly order: Int32Array
  /**
   * CV of the order at each position, carried through the sort: the activity pass reads it in
   * sequence instead of one scattered read per order.
   */
  readonly cvMinor: Int32Array
  /** Owner (layout numbering) of each order, in order sequence. */
  readonly ownerOfOrder: Int32Array
}

const DIGIT_BITS = 11
const DIGIT_MASK = (1 << DIGIT_BITS) - 1

export function ordersByOwner(orders: OrderBatch, layout: SponsorLayout): OrdersByOwner {
  const count = orders.size
  const ownerOfOrder = layoutOwners(orders.ownerIdx, layout.newIdx, count)
  const keyBits = Math.max(1, 32 - Math.clz32(Math.max(1, layout.size - 1)))
  const cvIn = orders.cvMinor.length === count ? orders.cvMinor : orders.cvMinor.subarray(0, count)
  let keys = ownerOfOrder
  let values: Int32Array | null = null
  let cv = cvIn
  for (let shift = 0; shift < keyBits; shift += DIGIT_BITS) {
    const keysOut = new Int32Array(count)
    const valuesOut = new Int32Array(count)
    const cvOut = new Int32Array(count)
    radixPass(keys, values, cv, keysOut, valuesOut, cvOut, shift)
    keys = keysOut
    values = valuesOut
    cv = cvOut
  }
  return { owner: keys, order: values ?? identity(count), cvMinor: cv === cvIn ? cvIn.slice() : cv, ownerOfOrder }
}

function layoutOwners(ownerIdx: Int32Array, newIdx: Int32Array | null, count: number): Int32Array {
  if (newIdx === null) return ownerIdx.length === count ? ownerIdx : ownerIdx.subarray(0, count)
  const owners = new Int32Array(count)
  for (let j = 0; j < count; j++) owners[j] = newIdx[ownerIdx[j]]
  return owners
}

/** One stable counting pass on the digit at `shift`; `values` null stands for 0, 1, 2, ... */
function radixPass(
  keys: Int32Array,
  values: Int32Array | null,
  cv: Int32Array,
  keysOut: Int32Array,
  valuesOut: Int32Array,
  cvOut: Int32Array,
  shift: number
): void {
  const count = keys.length
  const next = new Int32Array(DIGIT_MASK + 2)
  for (let i = 0; i < count; i++) next[((keys[i] >>> shift) & DIGIT_MASK) + 1]++
  for (let digit = 0; digit <= DIGIT_MASK; digit++) next[digit + 1] += next[digit]
  if (values === null) {
    for (let i = 0; i < count; i++) {
      const key = keys[i]
      const to = next[(key >>> shift) & DIGIT_MASK]++
      keysOut[to] = key
      valuesOut[to] = i
      cvOut[to] = cv[i]
    }
  } else {
    for (let i = 0; i < count; i++) {
      const key = keys[i]
      const to = next[(key >>> shift) & DIGIT_MASK]++
      keysOut[to] = key
      valuesOut[to] = values[i]
      cvOut[to] = cv[i]
    }
  }
}

function identity(count: number): Int32Array {
  const values = new Int32Array(count)
  for (let i = 0; i < count; i++) values[i] = i
  return values
}
