/**
 * The member numbering the batch unilevel works in: one where every sponsor comes before its
 * members, and where the sponsors of members that are close in number are close in number too.
 *
 * Walking up from orders taken in member order then reads what the previous walk left in cache
 * instead of one cache and TLB miss per step (at 1,000,000 members, a dependent miss on this VM
 * costs as much as tens of steps that hit). Breadth-first order has both properties (each depth
 * is one run, and its sponsors are ascending within the previous run); so has pre-order, which
 * the store gets for free from the sponsor tree's path index (every member's upline is the path
 * just walked). A network already laid out either way is used as it is. Any other is renumbered
 * here in O(members), and that renumbering is part of the computation's cost: in pre-order from
 * subtree sizes when sponsors already come first, breadth-first otherwise.
 */
import { BatchInputError, NO_PARENT } from "./network"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const noParent = NO_PARENT

export interface SponsorLayout {
  readonly size: number
  /** Sponsor of each member in layout numbering, `NO_PARENT` for a root; always smaller than the member. */
  readonly sponsor: Int32Array
  /** Original index of each layout slot; null when the layout is the input numbering. */
  readonly oldIdx: Int32Array | null
  /** Layout slot of each original index; null when the layout is the input numbering. */
  readonly newIdx: Int32Array | null
}

/** A layout that renumbers: both directions of the renumbering. */
export interface Renumbering extends SponsorLayout {
  readonly oldIdx: Int32Array
  readonly newIdx: Int32Array
}

export function sponsorLayout(sponsorIdx: Int32Array): SponsorLayout {
  const size = sponsorIdx.length
  if (isBreadthFirstLayout(sponsorIdx) || isPreOrderLayout(sponsorIdx)) {
    return { size, sponsor: sponsorIdx, oldIdx: null, newIdx: null }
  }
  if (sponsorsComeFirst(sponsorIdx)) return preOrderLayout(sponsorIdx)
  const { oldIdx, newIdx } = breadthFirstLayout(sponsorIdx)
  const sponsor = new Int32Array(size)
  for (let slot = 0; slot < size; slot++) {
    const original = sponsorIdx[oldIdx[slot]]
    sponsor[slot] = original === noParent ? noParent : newIdx[original]
  }
  return { size, sponsor, oldIdx, newIdx }
}

function sponsorsComeFirst(sponsorIdx: Int32Array): boolean {
  for (let v = 0; v < sponsorIdx.length; v++) if (sponsorIdx[v] >= v) return false
  return true
}

/**
 * Pre-order renumbering (roots and each member's sponsored members in index order) when every
 * sponsor already comes before its members: subtree sizes in one backward pass, then each member
 * takes the next free slot in its sponsor's range in one forward pass. Two passes where a
 * breadth-first renumbering needs a member list per sponsor and a queue.
 */
export function preOrderLayout(sponsorIdx: Int32Array): Renumbering {
  const size = sponsorIdx.length
  // First the subtree size of each member, then (once the member has its slot) its next free slot.
  const next = new Int32Array(size).fill(1)
  for (let v = size - 1; v > 0; v--) {
    const s = sponsorIdx[v]
    if (s !== noParent) next[s] += next[v]
  }
  const newIdx = new Int32Array(size)
  const oldIdx = new Int32Array(size)
  const sponsor = new Int32Array(size)
  let nextRootSlot = 0
  for (let v = 0; v < size; v++) {
    const s = sponsorIdx[v]
    const subtreeSize = next[v]
    let slot: number
    if (s === noParent) {
      slot = nextRootSlot
      nextRootSlot += subtreeSize
      sponsor[slot] = noParent
    } else {
      slot = next[s]
      next[s] = slot + subtreeSize
      sponsor[slot] = newIdx[s]
    }
    newIdx[v] = slot
    oldIdx[slot] = v
    next[v] = slot + 1
  }
  return { size, sponsor, oldIdx, newIdx }
}

/** Roots first, then every member after its sponsor with sponsors in ascending order. */
export function isBreadthFirstLayout(sponsorIdx: Int32Array): boolean {
  const size = sponsorIdx.length
  let v = 0
  while (v < size && sponsorIdx[v] === noParent) v++
  let previous = 0
  for (; v < size; v++) {
    const sponsor = sponsorIdx[v]
    if (sponsor < previous || sponsor >= v) return false
    previous = sponsor
  }
  return true
}

/** Every member right after its sponsor's earlier subtree members: its sponsor is on the path to v - 1. */
export function isPreOrderLayout(sponsorIdx: Int32Array): boolean {
  const size = sponsorIdx.length
  // The path from a root to the previous member; amortised O(1) per member.
  const path = new Int32Array(size)
  let depth = 0
  for (let v = 0; v < size; v++) {
    const sponsor = sponsorIdx[v]
    if (sponsor === noParent) depth = 0
    else {
      while (depth > 0 && path[depth - 1] !== sponsor) depth--
      if (depth === 0) return false
    }
    path[depth++] = v
  }
  return true
}

/**
 * Breadth-first renumbering of the sponsor forest (roots in index order, each member's sponsored
 * members in index order). Same order as `breadthFirstOrder` in network.ts, plus the inverse.
 */
export function breadthFirstLayout(sponsorIdx: Int32Array): { oldIdx: Int32Array; newIdx: Int32Array } {
  const size = sponsorIdx.length
  // Sponsored members as a CSR; roots are listed as the members of "sponsor -1".
  const start = new Int32Array(size + 2)
  for (let v = 0; v < size; v++) {
    const sponsor = sponsorIdx[v]
    if (sponsor < noParent || sponsor >= size) throw new BatchInputError(`network.sponsorIdx[${v}]: ${sponsor} is not another member`)
    start[sponsor + 2]++
  }
  for (let p = 2; p <= size + 1; p++) start[p] += start[p - 1]
  const sponsored = new Int32Array(size)
  for (let v = 0; v < size; v++) sponsored[start[sponsorIdx[v] + 1]++] = v
  // Now the members of sponsor p are sponsored[start[p]] up to start[p + 1], the roots before start[0].
  const oldIdx = new Int32Array(size)
  const newIdx = new Int32Array(size)
  let tail = 0
  for (let c = 0; c < start[0]; c++) oldIdx[tail++] = sponsored[c]
  for (let head = 0; head < tail; head++) {
    const member = oldIdx[head]
    newIdx[member] = head
    for (let c = start[member], end = start[member + 1]; c < end; c++) oldIdx[tail++] = sponsored[c]
  }
  if (tail !== size) throw new BatchInputError("network.sponsorIdx: the sponsor links contain a cycle")
  return { oldIdx, newIdx }
}
