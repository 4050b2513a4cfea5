/**
 * Stair-step with breakaways (spec "stair_step"), at close_period on the sponsor tree.
 *
 * One bottom-up pass (children have higher indices than their sponsor) computes each member's
 * personal group volume (own PV plus non-breakaway downline groups), its step, and its
 * differential: every unit of volume in the group is tracked in a bucket keyed by the highest
 * rate already paid on it below, so a member earns Σ volume × (its rate − bucket rate) and then
 * lifts those buckets to its own rate. That is O(n × number of distinct rates) per period.
 * Generation volumes are carried up the same way, shifted one generation at each breakaway.
 *
 * A terminated member earns nothing and its rate does not count as paid below; it is never a
 * breakaway. A member is a breakaway when its step rate is at least breakaway_rate_bp.
 */
import type { ComponentOf } from "./types"
import { applyRateBp, roundDiv } from "./money"
import { NONE } from "./replay/network"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

export function stairStep(component: ComponentOf<"stair_step">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger, rounding } = ctx
  const steps = component.steps
  const bucketRates = [...new Set([0, ...steps.map((s) => s.rate_bp)])].sort((a, b) => a - b)
  const bucketOf = new Map(bucketRates.map((rate, index) => [rate, index]))
  const buckets = bucketRates.length
  const generations = component.generations_bp
  const breakawayRate = component.breakaway_rate_bp

  const stepRate = (pgv: number): number => {
    for (let s = steps.length - 1; s >= 0; s--) if (steps[s].min_pgv <= pgv) return steps[s].rate_bp
    return 0
  }

  return {
    onClosePeriod(periodId) {
      const size = network.size
      const pgv = new Array<number>(size).fill(0)
      const volume = new Float64Array(size * buckets)
      const generationVolume = new Float64Array(size * generations.length)
      for (let member = size - 1; member >= 0; member--) {
        if (network.isCustomer[member]) continue
        pgv[member] += network.pv[member]
        const earns = network.canEarn(member)
        const rate = earns ? stepRate(pgv[member]) : 0
        const isBreakaway = earns && breakawayRate !== undefined && rate >= breakawayRate
        const base = member * buckets
        volume[base] += network.pv[member]

        const ownBucket = bucketOf.get(rate)!
        const differential = weightedDifferential(volume, base, bucketRates, ownBucket)
        for (let k = 0; k < ownBucket; k++) {
          volume[base + ownBucket] += volume[base + k]
          volume[base + k] = 0
        }
        ledger.post(member, "stair_step", undefined, periodId, roundDivExact(differential, rounding))

        const genBase = member * generations.length
        if (isBreakaway) {
          generations.forEach((rateBp, g) => {
            ledger.post(member, "generation", g + 1, periodId, applyRateBp(generationVolume[genBase + g], rateBp, rounding))
          })
        }

        const sponsor = network.sponsor[member]
        if (sponsor === NONE) continue
        const sponsorGenBase = sponsor * generations.length
        if (isBreakaway) {
          // The breakaway's group leaves its uplines' group; it is their next generation.
          if (generations.length > 0) generationVolume[sponsorGenBase] += pgv[member]
          for (let g = 1; g < generations.length; g++) generationVolume[sponsorGenBase + g] += generationVolume[genBase + g - 1]
          continue
        }
        pgv[sponsor] += pgv[member]
        for (let k = 0; k < buckets; k++) volume[sponsor * buckets + k] += volume[base + k]
        for (let g = 0; g < generations.length; g++) generationVolume[sponsorGenBase + g] += generationVolume[genBase + g]
      }
    },
  }
}

/** Σ volume[k] × (rate − bucketRate[k]) over buckets below `ownBucket`, exact. */
function weightedDifferential(volume: Float64Array, base: number, bucketRates: number[], ownBucket: number): number | bigint {
  const rate = bucketRates[ownBucket]
  let sum = 0
  for (let k = 0; k < ownBucket; k++) sum += volume[base + k] * (rate - bucketRates[k])
  if (Number.isSafeInteger(sum)) return sum
  let exact = 0n
  for (let k = 0; k < ownBucket; k++) exact += BigInt(volume[base + k]) * BigInt(rate - bucketRates[k])
  return exact
}

function roundDivExact(numerator: number | bigint, rounding: ReplayContext["rounding"]): number {
  if (typeof numerator === "number") return roundDiv(numerator, 10000, rounding)
  return Number(roundDiv(numerator, 10000n, rounding))
}
