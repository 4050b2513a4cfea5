/**
 * "Nearest eligible ancestor" over the sponsor tree while members only ever leave the eligible
 * set: a disjoint-set forest where an ineligible member links to its sponsor, found with path
 * halving. Amortised near-constant per query however deep the tree, which is what keeps dynamic
 * compression linear on a 100,000-deep chain of inactive members (a plain walk would be
 * quadratic there).
 */
import { NO_PARENT } from "./network"

export class EligibleAncestors {
  /** `link[v] === v` when v is eligible; `link[size]` is the sentinel above every root. */
  private readonly link: Int32Array
  private readonly sponsorIdx: Int32Array
  private readonly noParent = NO_PARENT
  readonly sentinel: number

  constructor(sponsorIdx: Int32Array, isEligible: (member: number) => boolean) {
    const size = sponsorIdx.length
    this.sponsorIdx = sponsorIdx
    this.sentinel = size
    this.link = new Int32Array(size + 1)
    for (let v = 0; v < size; v++) this.link[v] = isEligible(v) ? v : this.above(v)
    this.link[size] = size
  }

  /** Removes a member from the eligible set (it is skipped from now on). */
  remove(member: number): void {
    this.link[member] = this.above(member)
  }

  /** The member itself when eligible, else its nearest eligible sponsor-line ancestor, else the sentinel. */
  find(member: number): number {
    const link = this.link
    let v = member
    while (link[v] !== v) {
      const next = link[link[v]]
      link[v] = next
      v = next
    }
    return v
  }

  private above(member: number): number {
    const sponsor = this.sponsorIdx[member]
    return sponsor === this.noParent ? this.sentinel : sponsor
  }
}
