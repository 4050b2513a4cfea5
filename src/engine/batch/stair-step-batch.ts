/**
 * Stair-step with breakaways at close_period on struct-of-arrays data (spec "stair_step"; the
 * replay's stair-step.ts, which it must equal line for line).
 *
 * 1. One reverse sweep (a sponsor's index is below its members') gives each member its personal
 *    group volume (own PV plus its non-breakaway members' groups), its step rate (0 when
 *    terminated) and whether it is a breakaway (not terminated, rate ≥ breakaway_rate_bp).
 * 2. The differential. A member earns, on each unit of its group, max(0, rate − m) where m is the
 *    highest rate on the unit's way up below it. With the distinct step rates 0 = t0 < t1 < … < tK,
 *    max(0, r − m) = Σ over k with m < tk ≤ r of (tk − tk-1), so the member earns
 *    Σ_{tk ≤ r} (tk − tk-1) × C_k, where C_k is the volume of its group that no member below it
 *    with a rate ≥ tk has touched. C_k is one reverse sweep per threshold with one n-sized array,
 *    where the replay keeps n × K buckets: O(n × K) time, O(n) memory.
 * 3. Generations: A_g[v] is the group volume of v's generation-g breakaways (counted by breakaways
 *    along each sponsor line). A breakaway hands its sponsor its group as generation 1 and its own
 *    generation g − 1 as g; anyone else passes A_g up unchanged. One sweep per generation, two
 *    n-sized arrays, stopping early once a generation is empty everywhere.
 *
 * Exact: every volume is at most the network's total PV (< 2^53, checked by the caller). The
 * differential's numerator Σ Δk × C_k can pass 2^53, so it is kept as whole × 10000 + fraction
 * (Δk × ⌊C_k / 10000⌋ and Δk × (C_k mod 10000), each sum safe) and rounded once.
 */
import type { ComponentOf, Rounding } from "../types"
import { NO_PARENT, type BatchNetwork } from "./network"
import { lineCents } from "./order-lines"
import { PERIOD_BONUS_CODE, type PeriodLineColumns } from "./period-lines"

export function computeStairStepBatch(
  component: ComponentOf<"stair_step">,
  network: BatchNetwork,
  rounding: Rounding,
  out: PeriodLineColumns
): void {
  const groups = groupsAndSteps(component, network)
  payDifferentials(component, network, groups, rounding === "half_up", out)
  if (component.breakaway_rate_bp !== undefined) payGenerations(component.generations_bp, network, groups, rounding === "half_up", out)
}

interface Groups {
  /** Personal group volume: own PV plus non-breakaway members' groups. */
  readonly pgv: Float64Array
  /** Step rate, 0 for terminated members. */
  readonly rate: Uint16Array
  readonly breakaway: Uint8Array
}

function groupsAndSteps(component: ComponentOf<"stair_step">, network: BatchNetwork): Groups {
  const { size, sponsorIdx, terminated } = network
  const minPgv = component.steps.map((step) => step.min_pgv)
  const stepRate = component.steps.map((step) => step.rate_bp)
  const breakawayRate = component.breakaway_rate_bp ?? Infinity
  const noParent = NO_PARENT
  const pgv = new Float64Array(network.pvMinor)
  const rate = new Uint16Array(size)
  const breakaway = new Uint8Array(size)
  for (let v = size - 1; v >= 0; v--) {
    const group = pgv[v]
    if (terminated[v] === 0) {
      // Highest step with min_pgv ≤ group (min_pgv strictly increases): binary search.
      let low = 0
      let high = minPgv.length
      while (low < high) {
        const mid = (low + high) >> 1
        if (minPgv[mid] <= group) low = mid + 1
        else high = mid
      }
      const r = low === 0 ? 0 : stepRate[low - 1]
      rate[v] = r
      if (r >= breakawayRate) breakaway[v] = 1
    }
    const sponsor = sponsorIdx[v]
    if (sponsor !== noParent && breakaway[v] === 0) pgv[sponsor] += group
  }
  return { pgv, rate, breakaway }
}

function payDifferentials(
  component: ComponentOf<"stair_step">,
  network: BatchNetwork,
  groups: Groups,
  halfUp: boolean,
  out: PeriodLineColumns
): void {
  const { size, sponsorIdx, pvMinor } = network
  const { pgv, rate, breakaway } = groups
  const thresholds = [...new Set(component.steps.map((step) => step.rate_bp))].filter((r) => r > 0).sort((a, b) => a - b)
  const noParent = NO_PARENT
  const untouched = new Float64Array(size)
  const whole = new Float64Array(size)
  const fraction = new Float64Array(size)
  let below = 0
  for (const threshold of thresholds) {
    const delta = threshold - below
    below = threshold
    untouched.set(pvMinor)
    for (let v = size - 1; v >= 0; v--) {
      const volume = untouched[v]
      if (volume === 0) continue
      if (rate[v] >= threshold) {
        // volume = quotient × 10000 + rest; the float quotient may be one off, the rest fixes it.
        let quotient = Math.floor(volume / 10000)
        let rest = volume - quotient * 10000
        if (rest < 0) {
          quotient--
          rest += 10000
        } else if (rest >= 10000) {
          quotient++
          rest -= 10000
        }
        whole[v] += delta * quotient
        fraction[v] += delta * rest
        continue
      }
      const sponsor = sponsorIdx[v]
      if (sponsor !== noParent && breakaway[v] === 0) untouched[sponsor] += volume
    }
  }
  const code = PERIOD_BONUS_CODE.stair_step
  for (let v = 0; v < size; v++) {
    if (rate[v] === 0) continue
    // numerator / 10000 = whole + fraction / 10000, fraction < 10000²: round the fraction's part.
    let cents = whole[v] + Math.floor(fraction[v] / 10000)
    const twiceRest = 2 * (fraction[v] % 10000)
    if (twiceRest > 10000 || (twiceRest === 10000 && (halfUp || cents % 2 === 1))) cents++
    out.push(v, code, 0, cents, pgv[v], rate[v])
  }
}

function payGenerations(
  generationsBp: readonly number[],
  network: BatchNetwork,
  groups: Groups,
  halfUp: boolean,
  out: PeriodLineColumns
): void {
  const { size, sponsorIdx } = network
  const { pgv, breakaway } = groups
  const noParent = NO_PARENT
  const code = PERIOD_BONUS_CODE.generation
  let previous = new Float64Array(size)
  let current = new Float64Array(size)
  for (let g = 0; g < generationsBp.length; g++) {
    const rateBp = generationsBp[g]
    current.fill(0)
    let any = false
    for (let v = size - 1; v >= 0; v--) {
      const volume = current[v]
      let handed = volume
      if (breakaway[v] === 1) {
        if (volume !== 0) out.push(v, code, g + 1, lineCents(volume, rateBp, halfUp), volume, rateBp)
        handed = g === 0 ? pgv[v] : previous[v]
      }
      const sponsor = sponsorIdx[v]
      if (sponsor !== noParent && handed !== 0) {
        current[sponsor] += handed
        any = true
      }
    }
    if (!any) return
    const swap = previous
    previous = current
    current = swap
  }
}
