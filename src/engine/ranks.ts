/**
 * Ranks (spec "ranks"), evaluated at close_period before the period's components: a member's
 * rank is the highest whose requirements it meets, inclusively: min_pv on its own PV, min_gv
 * on own PV plus the whole sponsor downline's PV, where with max_leg_share_bp each frontline
 * leg contributes at most min_gv × max_leg_share_bp / 10000 (compared exactly, no rounding).
 *
 * GV comes from one bottom-up pass. For a leg cap c = q + f/10000 (q integer, 0 ≤ f < 10000),
 * a leg contributes its GV when GV ≤ q, else c; so the capped total is an integer part plus
 * (number of capped legs) × f / 10000, and the comparison stays exact on safe integers.
 */
import type { Plan } from "./types"
import { NONE, type Network } from "./replay/network"

type RankDef = NonNullable<Plan["ranks"]>[number]

export function evaluateRanks(ranks: readonly RankDef[], network: Network): void {
  const size = network.size
  const gv = network.pv.slice()
  for (let member = size - 1; member >= 0; member--) {
    const sponsor = network.sponsor[member]
    if (sponsor !== NONE) gv[sponsor] += gv[member]
  }
  const next = new Array<string | undefined>(size).fill(undefined)
  for (const rank of ranks) {
    const meetsGv = groupVolumeTest(rank, network, gv)
    for (let member = 0; member < size; member++) {
      if (network.isCustomer[member]) continue
      if (rank.min_pv !== undefined && network.pv[member] < rank.min_pv) continue
      if (!meetsGv(member)) continue
      next[member] = rank.name
    }
  }
  for (let member = 0; member < size; member++) network.rank[member] = next[member]
}

function groupVolumeTest(rank: RankDef, network: Network, gv: number[]): (member: number) => boolean {
  const minGv = rank.min_gv
  if (minGv === undefined) return () => true
  const shareBp = rank.max_leg_share_bp
  if (shareBp === undefined) return (member) => gv[member] >= minGv

  const capScaled = BigInt(minGv) * BigInt(shareBp)
  const capWhole = Number(capScaled / 10000n)
  const capFraction = Number(capScaled % 10000n)
  const cappedWhole = new Array<number>(network.size).fill(0)
  const cappedLegs = new Array<number>(network.size).fill(0)
  for (let member = 1; member < network.size; member++) {
    const sponsor = network.sponsor[member]
    if (sponsor === NONE) continue
    if (gv[member] <= capWhole) {
      cappedWhole[sponsor] += gv[member]
    } else {
      cappedWhole[sponsor] += capWhole
      cappedLegs[sponsor]++
    }
  }
  return (member) => {
    const deficit = minGv - network.pv[member] - cappedWhole[member]
    if (deficit <= 0) return true
    // Need deficit ≤ cappedLegs × capFraction / 10000; capFraction < 10000 bounds the products.
    if (deficit >= cappedLegs[member]) return false
    return deficit * 10000 <= cappedLegs[member] * capFraction
  }
}
