/**
 * Matching at close_period on struct-of-arrays data (spec "matching", "Period components"; the
 * replay's matching.ts): a member earns generations_bp[g-1] of what its generation-g personally
 * sponsored downline was paid by the named component in this period, one line per member and
 * generation, round(bp × sum), clawbacks included (so it may be negative). Terminated members
 * earn nothing; the sponsor lines stay as they are (a terminated member still links generations).
 *
 * The replay walks g sponsors up from every line. Here the named component's period pay is first
 * summed per member (`paidMinor`); the sums one generation up are then one pass over the sponsor
 * links, and each further generation is one more pass over the previous one's sums: O(n × G)
 * with two n-sized arrays, stopping once a generation is empty everywhere.
 */
import type { ComponentOf, Rounding } from "../types"
import { BatchInputError, NO_PARENT, type BatchNetwork } from "./network"
import { lineCents } from "./order-lines"
import { PERIOD_BONUS_CODE, type PeriodLineColumns } from "./period-lines"

export function computeMatchingBatch(
  component: ComponentOf<"matching">,
  network: BatchNetwork,
  paidMinor: Float64Array,
  rounding: Rounding,
  out: PeriodLineColumns
): void {
  const { size, sponsorIdx, terminated } = network
  assertPaid(paidMinor, size, component.on)
  const halfUp = rounding === "half_up"
  const code = PERIOD_BONUS_CODE.matching
  const noParent = NO_PARENT
  // Two buffers in turn; `paidMinor` is the caller's and is only read.
  const buffers = [new Float64Array(size), new Float64Array(size)]
  let previous = paidMinor
  for (let g = 0; g < component.generations_bp.length; g++) {
    const rateBp = component.generations_bp[g]
    const current = buffers[g & 1]
    current.fill(0)
    let any = false
    for (let v = 0; v < size; v++) {
      const paid = previous[v]
      const sponsor = sponsorIdx[v]
      if (paid !== 0 && sponsor !== noParent) {
        current[sponsor] += paid
        any = true
      }
    }
    if (!any) return
    for (let v = 0; v < size; v++) {
      const sum = current[v]
      if (sum !== 0 && terminated[v] === 0) out.push(v, code, g + 1, lineCents(sum, rateBp, halfUp), sum, rateBp)
    }
    previous = current
  }
}

/** Every partial sum of a generation is bounded by Σ |paid|: keep that below 2^53. */
function assertPaid(paidMinor: Float64Array, size: number, on: string): void {
  if (paidMinor.length !== size) throw new BatchInputError(`paid by ${on}: length ${paidMinor.length}, expected ${size}`)
  let bound = 0
  for (let v = 0; v < size; v++) {
    const paid = paidMinor[v]
    if (!Number.isInteger(paid)) throw new BatchInputError(`paid by ${on}[${v}]: must be an integer (minor units)`)
    bound += Math.abs(paid)
  }
  if (bound > Number.MAX_SAFE_INTEGER) throw new BatchInputError(`paid by ${on}: the sum of |amounts| exceeds 2^53 minor units`)
}
