/**
 * "Nearest eligible ancestor" over the sponsor tree while members only ever leave the eligible
 * sets (unilevel-batch.ts runs its orders backwards in time for that). One forest per
 * eligibility threshold; in each, `up[v]` is an ancestor of v such that every member strictly
 * between them is ineligible, and eligibility is one bit per member.
 *
 * Starting at the nearest ancestors eligible at the batch's end, finds shortcut `up` with path halving over ineligible members
 * (a disjoint-set forest whose roots are the eligible members), so a query is amortised
 * near-constant however deep the tree: dynamic compression stays linear on a 100,000-deep chain
 * of inactive members, where a plain walk is quadratic. Removing a member only clears its bit;
 * every shortcut stays valid because an ineligible member never becomes eligible again.
 *
 * Layout is chosen for cache and TLB misses, which dominate with orders on random members: a
 * step up reads one Int32 `up` entry, and the bit sets (1/32 the size) stay in cache.
 */
import { NO_PARENT } from "./network"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const noParentIdx = NO_PARENT

export class EligibleAncestors {
  /** Forest g's links are `up[g * (size + 1) + v]`; index `size` is the sentinel above every root. */
  readonly up: Int32Array
  /** Forest g's eligibility bits start at word `g * words`; the sentinel's bit is always set. */
  readonly eligibleBits: Int32Array
  readonly words: number
  readonly sentinel: number
  readonly forestCount: number

  /** `isEligible(v, g)` decides forest g's starting set; `remove` only shrinks it. */
  constructor(sponsorIdx: Int32Array, forestCount: number, isEligible: (member: number, forest: number) => boolean) {
    const size = sponsorIdx.length
    const stride = size + 1
    const words = (stride + 31) >>> 5
    const up = new Int32Array(forestCount * stride)
    const eligibleBits = new Int32Array(forestCount * words)
    const noParent = noParentIdx
    for (let g = 0; g < forestCount; g++) {
      const upBase = g * stride
      const bitBase = g * words
      for (let v = 0; v < size; v++) {
        if (isEligible(v, g)) eligibleBits[bitBase + (v >>> 5)] |= 1 << (v & 31)
      }
      eligibleBits[bitBase + (size >>> 5)] |= 1 << (size & 31)
      // Start each link at the nearest member eligible at the batch's end: a sponsor that comes
      // earlier already has its own link, so an ineligible sponsor is jumped over at once. (A
      // sponsor that comes later keeps the plain sponsor link, which is valid as well.)
      for (let v = 0; v < size; v++) {
        const sponsor = sponsorIdx[v]
        if (sponsor === noParent) up[upBase + v] = size
        else if (sponsor > v || ((eligibleBits[bitBase + (sponsor >>> 5)] >>> (sponsor & 31)) & 1) !== 0) up[upBase + v] = sponsor
        else up[upBase + v] = up[upBase + sponsor]
      }
      up[upBase + size] = size
    }
    this.up = up
    this.eligibleBits = eligibleBits
    this.words = words
    this.sentinel = size
    this.forestCount = forestCount
  }

  /** Removes a member from every forest's eligible set (it is skipped from now on). */
  removeEverywhere(member: number): void {
    const clear = ~(1 << (member & 31))
    for (let g = 0, word = member >>> 5; g < this.forestCount; g++, word += this.words) this.eligibleBits[word] &= clear
  }

  /** The nearest eligible strict ancestor of `member` in forest g, or the sentinel. */
  findAbove(member: number, forest: number): number {
    return findEligibleAbove(this.up, this.eligibleBits, forest * (this.sentinel + 1), forest * this.words, member)
  }
}

/**
 * The nearest eligible strict ancestor of `member` in the forest whose links start at `upBase`
 * and bits at `bitBase`. A free function so the hot loop calls it without `this`.
 */
export function findEligibleAbove(up: Int32Array, bits: Int32Array, upBase: number, bitBase: number, member: number): number {
  const first = up[upBase + member]
  let x = first
  while (((bits[bitBase + (x >>> 5)] >>> (x & 31)) & 1) === 0) {
    const y = up[upBase + x]
    if (((bits[bitBase + (y >>> 5)] >>> (y & 31)) & 1) !== 0) {
      x = y
      break
    }
    // x and y are both ineligible: halve the path past y.
    const z = up[upBase + y]
    up[upBase + x] = z
    x = z
  }
  // Everything strictly between member and x is ineligible, so member may jump straight to x
  // (written only when it changes: most steps find the sponsor eligible, and a store of the same
  // value would still dirty the cache line).
  if (x !== first) up[upBase + member] = x
  return x
}
