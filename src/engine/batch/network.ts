/**
 * The batch path's network: struct-of-arrays, one slot per distributor, indexes instead of ids.
 *
 * A period run loads members from the store into these arrays once, then every batch
 * computation (unilevel, binary) reads them without allocating per member. The placement tree
 * must be laid out so that a parent's index is smaller than its children's (breadth-first order
 * gives that and keeps siblings close in memory): the binary period then needs one reverse sweep.
 * Customers are not members here; their orders are handed in as orders of their referrer, which
 * is what the spec says they count as.
 */

export const NO_PARENT = -1
export const LEFT = 0
export const RIGHT = 1

export interface BatchNetwork {
  readonly size: number
  /** Sponsor of each member, `NO_PARENT` for a root. */
  readonly sponsorIdx: Int32Array
  /** Binary placement parent, `NO_PARENT` for the root (or when no binary tree is used). */
  readonly placementParentIdx: Int32Array
  /** `LEFT` or `RIGHT` under the placement parent. */
  readonly placementSide: Uint8Array
  /** 1 when terminated: never active, never paid; volume still flows through. */
  readonly terminated: Uint8Array
  /** Index into the plan's ranks, -1 without a rank. */
  readonly rankIdx: Int8Array
  /** PV in the current period before the orders of the batch (minor units). */
  readonly pvMinor: Float64Array
}

/** Orders of one batch, in the order they were placed. */
export interface OrderBatch {
  readonly size: number
  /** The member the order counts for: the buyer, or a customer's referrer. */
  readonly ownerIdx: Int32Array
  /** Commissionable value, 0..2^31-1 minor units (so cv × rate_bp stays below 2^53). */
  readonly cvMinor: Int32Array
}

export class BatchInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "BatchInputError"
  }
}

/** Checks the invariants the batch computations rely on; linear, throws on the first fault. */
export function assertBatchNetwork(network: BatchNetwork, options: { placementTree: boolean }): void {
  const { size } = network
  for (const [name, array] of [
    ["sponsorIdx", network.sponsorIdx],
    ["placementParentIdx", network.placementParentIdx],
    ["placementSide", network.placementSide],
    ["terminated", network.terminated],
    ["rankIdx", network.rankIdx],
    ["pvMinor", network.pvMinor],
  ] as const) {
    if (array.length !== size) throw new BatchInputError(`network.${name}: length ${array.length}, expected ${size}`)
  }
  // Locals, and the message built only on a fault: the loops stay small enough to optimise well.
  const { sponsorIdx, placementParentIdx, placementSide } = network
  for (let i = 0; i < size; i++) {
    const sponsor = sponsorIdx[i]
    if (sponsor < NO_PARENT || sponsor >= size || sponsor === i) throw notAnotherMember(i, sponsor)
  }
  if (!options.placementTree) return
  for (let i = 0; i < size; i++) {
    const parent = placementParentIdx[i]
    if (parent !== NO_PARENT && (parent < 0 || parent >= i)) {
      throw new BatchInputError(`network.placementParentIdx[${i}]: ${parent} must be an earlier member (breadth-first order)`)
    }
    if (placementSide[i] > RIGHT) {
      throw new BatchInputError(`network.placementSide[${i}]: must be 0 (left) or 1 (right)`)
    }
  }
  assertSlotsUnique(network)
}

function notAnotherMember(i: number, sponsor: number): BatchInputError {
  return new BatchInputError(`network.sponsorIdx[${i}]: ${sponsor} is not another member`)
}

function assertSlotsUnique(network: BatchNetwork): void {
  const taken = new Uint8Array(network.size)
  for (let i = 0; i < network.size; i++) {
    const parent = network.placementParentIdx[i]
    if (parent === NO_PARENT) continue
    const bit = 1 << network.placementSide[i]
    if (taken[parent] & bit) {
      throw new BatchInputError(`network.placementParentIdx[${i}]: slot ${network.placementSide[i] === LEFT ? "left" : "right"} of member ${parent} is taken twice`)
    }
    taken[parent] |= bit
  }
}

export function assertOrderBatch(orders: OrderBatch, memberCount: number): void {
  const { size, ownerIdx, cvMinor } = orders
  if (ownerIdx.length !== size || cvMinor.length !== size) {
    throw new BatchInputError(`orders: arrays must have length ${size}`)
  }
  for (let j = 0; j < size; j++) {
    const owner = ownerIdx[j]
    if (owner < 0 || owner >= memberCount || cvMinor[j] < 0) throw orderFault(orders, memberCount, j)
  }
}

function orderFault(orders: OrderBatch, memberCount: number, j: number): BatchInputError {
  const owner = orders.ownerIdx[j]
  if (owner < 0 || owner >= memberCount) return new BatchInputError(`orders.ownerIdx[${j}]: ${owner} is not a member`)
  return new BatchInputError(`orders.cvMinor[${j}]: must be >= 0`)
}

/**
 * Renumbers a forest breadth-first (roots in their current order, children in index order,
 * left before right when sides are given). Returns `newIdx[oldIdx]`; linear in the member count.
 * The store's period run uses it to lay out members loaded in any order.
 */
export function breadthFirstOrder(parentIdx: Int32Array, side?: Uint8Array): Int32Array {
  const size = parentIdx.length
  // Children lists as a CSR: childStart[p]..childStart[p+1] in childList.
  const childStart = new Int32Array(size + 1)
  for (let i = 0; i < size; i++) {
    const parent = parentIdx[i]
    if (parent !== NO_PARENT) childStart[parent + 1]++
  }
  for (let p = 0; p < size; p++) childStart[p + 1] += childStart[p]
  const fill = childStart.slice(0, size)
  const childList = new Int32Array(size)
  // Left children (or all children when there are no sides) first, then right children.
  for (const pass of side ? [LEFT, RIGHT] : [LEFT]) {
    for (let i = 0; i < size; i++) {
      const parent = parentIdx[i]
      if (parent === NO_PARENT || (side && side[i] !== pass)) continue
      childList[fill[parent]++] = i
    }
  }
  const newIdx = new Int32Array(size).fill(-1)
  const queue = new Int32Array(size)
  let head = 0
  let tail = 0
  for (let i = 0; i < size; i++) {
    if (parentIdx[i] === NO_PARENT) queue[tail++] = i
  }
  while (head < tail) {
    const member = queue[head]
    newIdx[member] = head++
    for (let c = childStart[member]; c < childStart[member + 1]; c++) queue[tail++] = childList[c]
  }
  if (tail !== size) throw new BatchInputError("placement: the parent links contain a cycle")
  return newIdx
}
