/**
 * Ranks at close_period on struct-of-arrays data (spec "ranks"; the replay's ranks.ts): a
 * member's rank is the highest whose requirements it meets, inclusively — `min_pv` on its own PV,
 * `min_gv` on its group volume (own PV plus the whole sponsor downline's PV), where with
 * `max_leg_share_bp` each frontline leg counts for at most min_gv × share / 10000.
 *
 * Group volume is one reverse sweep (a sponsor's index is below its members'). The leg cap
 * c = q + f/10000 (q whole, 0 ≤ f < 10000) is compared exactly as the replay does: a leg counts
 * its GV when GV ≤ q, else c, so the capped total is a whole part plus (capped legs) × f / 10000.
 * O(n × ranks with a leg cap); every sum is bounded by the network's total PV, which the caller
 * keeps below 2^53.
 */
import type { Plan } from "../types"
import { NO_PARENT, type BatchNetwork } from "./network"

export type RankRequirement = NonNullable<Plan["ranks"]>[number]

/** GV of every member: own PV plus the PV of its whole sponsor downline. */
export function groupVolumes(network: BatchNetwork): Float64Array {
  const { size, sponsorIdx } = network
  const noParent = NO_PARENT
  const gv = new Float64Array(network.pvMinor)
  for (let v = size - 1; v >= 0; v--) {
    const sponsor = sponsorIdx[v]
    if (sponsor !== noParent) gv[sponsor] += gv[v]
  }
  return gv
}

/** Each member's rank after this close as an index into `ranks`, -1 when it meets none. */
export function computeRanksBatch(ranks: readonly RankRequirement[], network: BatchNetwork): Int8Array {
  const { size, pvMinor } = network
  const gv = groupVolumes(network)
  const rankIdx = new Int8Array(size).fill(-1)
  // capped[2v]: whole part of v's capped frontline legs; capped[2v + 1]: legs over the cap.
  let capped: Float64Array | null = null
  for (let index = 0; index < ranks.length; index++) {
    const rank = ranks[index]
    const minPv = rank.min_pv ?? 0
    const minGv = rank.min_gv ?? 0
    if (rank.max_leg_share_bp === undefined) {
      for (let v = 0; v < size; v++) if (pvMinor[v] >= minPv && gv[v] >= minGv) rankIdx[v] = index
      continue
    }
    const capScaled = BigInt(minGv) * BigInt(rank.max_leg_share_bp)
    const capWhole = Number(capScaled / 10000n)
    const capFraction = Number(capScaled % 10000n)
    capped ??= new Float64Array(2 * size)
    capLegs(network, gv, capWhole, capped)
    for (let v = 0; v < size; v++) {
      if (pvMinor[v] < minPv) continue
      // pv + capped legs ≤ gv, a safe integer, so the deficit is exact.
      const deficit = minGv - (pvMinor[v] + capped[2 * v])
      const cappedLegs = capped[2 * v + 1]
      // Else need deficit ≤ cappedLegs × capFraction / 10000; capFraction < 10000 bounds the products.
      if (deficit <= 0 || (deficit < cappedLegs && deficit * 10000 <= cappedLegs * capFraction)) rankIdx[v] = index
    }
  }
  return rankIdx
}

/** Per sponsor, side by side: the whole part of its frontline legs' capped GV, and how many legs hit the cap. */
function capLegs(network: BatchNetwork, gv: Float64Array, capWhole: number, capped: Float64Array): void {
  const { size, sponsorIdx } = network
  const noParent = NO_PARENT
  capped.fill(0)
  for (let v = 0; v < size; v++) {
    const sponsor = sponsorIdx[v]
    if (sponsor === noParent) continue
    if (gv[v] <= capWhole) {
      capped[2 * sponsor] += gv[v]
    } else {
      capped[2 * sponsor] += capWhole
      capped[2 * sponsor + 1]++
    }
  }
}
