/**
 * A whole binary period in volume mode on struct-of-arrays data (spec: `binary`, Precise rules).
 *
 * Every order's CV joins the leg, on the owner's side, of every placement ancestor. Because a
 * parent's index is smaller than its children's, one reverse sweep over the members does it all:
 * when member v is reached its two legs are complete (all of its descendants came before), so v
 * pairs right there — matched = min(left, right) with carry included, pay `rate_bp` of it, cap
 * with `flush` (all matched volume consumed) or `carry` (only floor(cap × 10000 / rate) consumed)
 * — and then hands its subtree volume to its parent's leg. Terminated members are never paired
 * (their volume accumulates); unqualified members accumulate or flush as the plan says.
 */
import { applyRateBp, mulDivFloor, type Rounding } from "../money"
import { BatchInputError, LEFT, NO_PARENT, assertBatchNetwork, assertOrderBatch, type BatchNetwork, type OrderBatch } from "./network"
import { MemberLineColumns, type MemberLines } from "./member-lines"
import { pvAfterOrders } from "./period-activity"
import { sponsoredInEachLeg } from "./sponsored-legs"

export interface BinaryBatchPlan {
  readonly rateBp: number
  /** Per member per period; null for no cap. */
  readonly capCents: number | null
  readonly overCap: "flush" | "carry"
  readonly qualification: "none" | "sponsored_each_leg"
  readonly unqualified: "accumulate" | "flush"
  readonly rounding: Rounding
  /** `plan.activity.min_pv`, read by `sponsored_each_leg`; null when all non-terminated are active. */
  readonly activityMinPvMinor: number | null
}

/** Leg volume carried into (or out of) a period, per member, minor units; may be negative. */
export interface BinaryCarry {
  readonly left: Float64Array
  readonly right: Float64Array
}

export interface BinaryPeriodResult {
  /** One line per member paid, deepest members first. */
  readonly lines: MemberLines
  readonly carry: BinaryCarry
  readonly pvAfterMinor: Float64Array
}

export function emptyCarry(size: number): BinaryCarry {
  return { left: new Float64Array(size), right: new Float64Array(size) }
}

export function computeBinaryPeriod(
  network: BatchNetwork,
  orders: OrderBatch,
  carryIn: BinaryCarry,
  plan: BinaryBatchPlan
): BinaryPeriodResult {
  assertOrderBatch(orders, network.size)
  const pvAfterMinor = pvAfterOrders(network, orders)
  const ownVolumeMinor = new Float64Array(network.size)
  for (let j = 0; j < orders.size; j++) ownVolumeMinor[orders.ownerIdx[j]] += orders.cvMinor[j]
  const period = computeBinaryPeriodOnVolume({ ...network, pvMinor: pvAfterMinor }, ownVolumeMinor, carryIn, plan)
  return { ...period, pvAfterMinor }
}

/**
 * The same period when each member's own period volume is already summed (a period run loads it
 * that way): `ownVolumeMinor[v]` is the CV of the orders v owns, and `network.pvMinor` is the PV
 * at close, which `sponsored_each_leg` reads. `matchedOut`, when given, receives the matched
 * volume min(left, right) of every member paid, the base its line was computed on.
 */
export function computeBinaryPeriodOnVolume(
  network: BatchNetwork,
  ownVolumeMinor: Float64Array,
  carryIn: BinaryCarry,
  plan: BinaryBatchPlan,
  matchedOut?: Float64Array
): { readonly lines: MemberLines; readonly carry: BinaryCarry } {
  assertBinaryPlan(plan)
  assertBatchNetwork(network, { placementTree: true })
  assertCarry(carryIn, network.size, ownVolumeMinor)
  const { size, terminated, placementParentIdx, placementSide, pvMinor } = network
  const qualified =
    plan.qualification === "sponsored_each_leg"
      ? sponsoredInEachLeg(
          network,
          (v) => terminated[v] === 0 && (plan.activityMinPvMinor === null || pvMinor[v] >= plan.activityMinPvMinor)
        )
      : null
  const carryLeft = new Float64Array(carryIn.left)
  const carryRight = new Float64Array(carryIn.right)
  // Volume of each member's own orders, then (as the sweep goes up) of its whole subtree.
  const subtreeVolume = new Float64Array(ownVolumeMinor)

  const { rateBp, capCents, rounding } = plan
  // The volume the cap pays for: floor(cap × 10000 / rate) (spec "Binary").
  const capVolume = capCents === null || rateBp === 0 ? Infinity : mulDivFloor(capCents, 10000, rateBp)
  const capCarries = plan.overCap === "carry"
  const unqualifiedFlush = plan.unqualified === "flush"
  // Imported bindings are read once: some CommonJS loaders (tsx) turn each read into a getter call.
  const noParent = NO_PARENT
  const leftSide = LEFT
  const rateOf = applyRateBp
  const out = new MemberLineColumns(1024)
  for (let v = size - 1; v >= 0; v--) {
    const left = carryLeft[v]
    const right = carryRight[v]
    const matched = left < right ? left : right
    if (matched > 0 && terminated[v] === 0) {
      if (qualified === null || qualified[v] === 1) {
        // Over the cap means more matched volume than the cap pays for (same test as the replay).
        const overCap = matched > capVolume
        const cents = overCap ? (capCents as number) : rateOf(matched, rateBp, rounding)
        const consumed = overCap && capCarries ? capVolume : matched
        carryLeft[v] = left - consumed
        carryRight[v] = right - consumed
        if (cents !== 0) {
          out.push(v, cents)
          if (matchedOut !== undefined) matchedOut[v] = matched
        }
      } else if (unqualifiedFlush) {
        carryLeft[v] = left - matched
        carryRight[v] = right - matched
      }
    }
    const parent = placementParentIdx[v]
    const volume = subtreeVolume[v]
    if (parent !== noParent && volume !== 0) {
      if (placementSide[v] === leftSide) carryLeft[parent] += volume
      else carryRight[parent] += volume
      subtreeVolume[parent] += volume
    }
  }
  return { lines: out.finish(), carry: { left: carryLeft, right: carryRight } }
}

function assertBinaryPlan(plan: BinaryBatchPlan): void {
  if (!Number.isInteger(plan.rateBp) || plan.rateBp < 0 || plan.rateBp > 10000) {
    throw new BatchInputError("rateBp: must be an integer 0..10000")
  }
  if (plan.capCents !== null && (!Number.isInteger(plan.capCents) || plan.capCents < 0 || plan.capCents > 0x7fffffff)) {
    throw new BatchInputError("capCents: must be an integer 0..2147483647")
  }
}

/** Every leg sum must stay an exact integer in a double: bound them all by the grand total. */
function assertCarry(carry: BinaryCarry, size: number, ownVolumeMinor: Float64Array): void {
  if (carry.left.length !== size || carry.right.length !== size || ownVolumeMinor.length !== size) {
    throw new BatchInputError(`carry: left, right and the own volumes must have length ${size}`)
  }
  let bound = 0
  for (let v = 0; v < size; v++) {
    const left = carry.left[v]
    const right = carry.right[v]
    const own = ownVolumeMinor[v]
    if (!Number.isInteger(left) || !Number.isInteger(right)) throw new BatchInputError(`carry[${v}]: must be integers`)
    if (!Number.isInteger(own) || own < 0) throw new BatchInputError(`ownVolumeMinor[${v}]: must be an integer >= 0`)
    bound += Math.abs(left) + Math.abs(right) + own
  }
  if (bound > Number.MAX_SAFE_INTEGER) throw new BatchInputError("carry + period volume exceeds 2^53 minor units")
}
