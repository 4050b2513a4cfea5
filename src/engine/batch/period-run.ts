/**
 * A whole `close_period` in batch form: the database period run loads the network once, calls
 * `computePeriodBatch`, and writes the lines, carry and ranks back in bulk (issue #4). It computes
 * exactly what `simulate()` posts at a `close_period` (lines with source = the period), in the
 * spec's order: ranks (when `plan.ranks`), then the period components in plan order — `binary`
 * (volume mode), `stair_step` (breakaways, generations), `matching` and `pool`. Per-order
 * components (unilevel, retail_profit, fast_start, matrix, board) are not run here: their lines
 * are posted per order, and a `matching` that names one reads their period pay from the input.
 *
 * Input (`PeriodBatchInput`), all as the period stands at its close:
 * - `network`: members 0..n-1 in an order where every sponsor and every placement parent comes
 *   before its members (join order, or breadth-first/pre-order of a single tree when the other
 *   respects it too). `pvMinor` is the period PV at close (after refunds and `adjust_pv`);
 *   `terminated` the status at close; `rankIdx` the rank before this close (index into
 *   `plan.ranks`, -1 none). The placement arrays are read only when the plan has a binary.
 * - `ownCvMinor`, `carryIn` (binary): each member's own period CV (the CV of the orders it owns,
 *   a customer's counting for its referrer, net of the period's refunds) and the carry into the
 *   period. Leg volume is the sum of the placement subtree's own CV, one reverse sweep.
 * - `periodCvMinor`, `memberIndexOf`, `joinOrder` (pool): the period's total net CV, the index of
 *   a share holder's id (-1: not a member) and, when index order is not join order, each member's
 *   join position (equal remainders go to the earlier joiner).
 * - `paidInPeriodMinor[type]` (matching on a per-order component): per member, the sum of that
 *   component's lines posted in the period, refund lines included.
 * A component that needs an input it does not get is a `BatchInputError`, as is an unsupported
 * plan (binary pairs mode).
 *
 * Output: `lines` (columns, see period-lines.ts), `carry` (binary carry out, the next period's
 * carry in; null without binary) and `rankIdx` (ranks after the close; the input's without
 * `plan.ranks`). Everything is sequential passes over typed arrays, O(n + ranks × n +
 * stair-step rates × n + generations × n), no recursion, so a 100,000-deep chain is no special
 * case. Money stays exact: volumes are bounded by the total PV or carry + CV (< 2^53, checked),
 * and each line is rounded once through money.ts's rules.
 */
import type { Component, ComponentOf, ComponentType, Plan } from "../types"
import { computeBinaryPeriodOnVolume, type BinaryBatchPlan, type BinaryCarry } from "./binary-period"
import { computeMatchingBatch } from "./matching-batch"
import { BatchInputError, assertBatchNetwork, type BatchNetwork } from "./network"
import { PERIOD_BONUS_CODE, PeriodLineColumns, type PeriodLines } from "./period-lines"
import { computePoolBatch } from "./pool-batch"
import { computeRanksBatch } from "./ranks-batch"
import { computeStairStepBatch } from "./stair-step-batch"

export * from "./period-lines"
export { computeRanksBatch, groupVolumes, type RankRequirement } from "./ranks-batch"
export { computeStairStepBatch } from "./stair-step-batch"
export { computeMatchingBatch } from "./matching-batch"
export { computePoolBatch, type PoolBatchInput } from "./pool-batch"

/** Components whose lines are posted per order or per join, not at close_period. */
export type OrderComponentType = Exclude<ComponentType, "binary" | "stair_step" | "matching" | "pool">

export interface PeriodBatchInput {
  readonly network: BatchNetwork
  readonly ownCvMinor?: Float64Array
  readonly carryIn?: BinaryCarry
  readonly periodCvMinor?: number
  readonly memberIndexOf?: (id: string) => number
  readonly joinOrder?: ArrayLike<number>
  readonly paidInPeriodMinor?: Partial<Record<OrderComponentType, Float64Array>>
}

export interface PeriodBatchResult {
  readonly lines: PeriodLines
  readonly carry: BinaryCarry | null
  readonly rankIdx: Int8Array
}

export function computePeriodBatch(plan: Plan, input: PeriodBatchInput): PeriodBatchResult {
  const { network } = input
  assertPeriodPlan(plan)
  assertPeriodNetwork(network, plan.components.some((c) => c.type === "binary"))
  const rankIdx = plan.ranks ? computeRanksBatch(plan.ranks, network) : Int8Array.from(network.rankIdx)
  const out = new PeriodLineColumns(network.size >> 3)
  // First and past-the-last row of each period component's lines, for a matching naming it.
  const rowsOf = new Map<ComponentType, readonly [number, number]>()
  let carry: BinaryCarry | null = null
  for (const [i, component] of plan.components.entries()) {
    const start = out.count
    switch (component.type) {
      case "binary":
        carry = payBinary(component, i, plan, input, out)
        break
      case "stair_step":
        computeStairStepBatch(component, network, plan.rounding, out)
        break
      case "matching":
        computeMatchingBatch(component, network, paidFor(component, i, input, rowsOf, out), plan.rounding, out)
        break
      case "pool":
        computePoolBatch(
          component,
          network,
          {
            periodCvMinor: need(input.periodCvMinor, "periodCvMinor", i, component),
            memberIndexOf: need(input.memberIndexOf, "memberIndexOf", i, component),
            joinOrder: input.joinOrder,
          },
          plan.rounding,
          out
        )
        break
      default:
        continue
    }
    rowsOf.set(component.type, [start, out.count])
  }
  return { lines: out.finish(), carry, rankIdx }
}

function payBinary(
  component: ComponentOf<"binary">,
  index: number,
  plan: Plan,
  input: PeriodBatchInput,
  out: PeriodLineColumns
): BinaryCarry {
  const binaryPlan: BinaryBatchPlan = {
    rateBp: component.rate_bp ?? 0,
    capCents: component.cap_cents ?? null,
    overCap: component.over_cap,
    qualification: component.qualification,
    unqualified: component.unqualified,
    rounding: plan.rounding,
    activityMinPvMinor: plan.activity?.min_pv ?? null,
  }
  const matched = new Float64Array(input.network.size)
  const period = computeBinaryPeriodOnVolume(
    input.network,
    need(input.ownCvMinor, "ownCvMinor", index, component),
    need(input.carryIn, "carryIn", index, component),
    binaryPlan,
    matched
  )
  const { lines } = period
  const code = PERIOD_BONUS_CODE.binary
  for (let row = 0; row < lines.count; row++) {
    const member = lines.toIdx[row]
    out.push(member, code, 0, lines.cents[row], matched[member], binaryPlan.rateBp)
  }
  return period.carry
}

/** Per member, what the component a matching names paid in this period. */
function paidFor(
  component: ComponentOf<"matching">,
  index: number,
  input: PeriodBatchInput,
  rowsOf: ReadonlyMap<ComponentType, readonly [number, number]>,
  out: PeriodLineColumns
): Float64Array {
  const on = component.on
  if (on !== "binary" && on !== "stair_step" && on !== "pool") {
    return need(input.paidInPeriodMinor?.[on], `paidInPeriodMinor.${on}`, index, component)
  }
  const rows = rowsOf.get(on)
  // The plan schema puts a matching after the component it names.
  if (rows === undefined) throw new BatchInputError(`plan.components[${index}].on: no "${on}" component before it`)
  const paid = new Float64Array(input.network.size)
  for (let row = rows[0]; row < rows[1]; row++) paid[out.toIdx[row]] += out.cents[row]
  return paid
}

function need<T>(value: T | undefined, name: string, index: number, component: Component): T {
  if (value === undefined) throw new BatchInputError(`${name}: required by plan.components[${index}] (${component.type})`)
  return value
}

function assertPeriodPlan(plan: Plan): void {
  plan.components.forEach((component, i) => {
    if (component.type === "binary" && component.mode !== "volume") {
      throw new BatchInputError(`plan.components[${i}].mode: the batch period run supports binary volume mode only (pairs mode: use simulate())`)
    }
  })
  if (plan.ranks && plan.ranks.length > 127) throw new BatchInputError("plan.ranks: at most 127 ranks (Int8 rank indexes)")
}

/** Sponsors before members, exact PV: what every sweep here relies on. Linear. */
function assertPeriodNetwork(network: BatchNetwork, placementTree: boolean): void {
  assertBatchNetwork(network, { placementTree })
  const { size, sponsorIdx, pvMinor } = network
  let totalPv = 0
  for (let v = 0; v < size; v++) {
    if (sponsorIdx[v] >= v) throw new BatchInputError(`network.sponsorIdx[${v}]: ${sponsorIdx[v]} must be an earlier member`)
    const pv = pvMinor[v]
    if (!Number.isInteger(pv) || pv < 0) throw new BatchInputError(`network.pvMinor[${v}]: must be an integer >= 0`)
    totalPv += pv
  }
  // Every group, leg or generation volume is a sum of PVs: bounded by the total.
  if (totalPv > Number.MAX_SAFE_INTEGER) throw new BatchInputError("network.pvMinor: total PV exceeds 2^53 minor units")
}
