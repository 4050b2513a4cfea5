/**
 * Pool at close_period (spec "pool"; the replay's pool.ts): rate_bp of the total CV of the
 * period's orders at net CV, split among the plan's `shares` by largest remainder, equal
 * remainders going to the earlier member in join order. Terminated members' shares drop out, as do
 * ids that are not members (yet). Share holders are few, so this is plain code on a short list.
 */
import type { ComponentOf, Rounding } from "../types"
import { applyRateBp } from "../money"
import { splitLargestRemainder } from "../largest-remainder"
import { BatchInputError, type BatchNetwork } from "./network"
import { PERIOD_BONUS_CODE, type PeriodLineColumns } from "./period-lines"

export interface PoolBatchInput {
  /** Total CV of the period's orders, net of refunds made while the period was open. */
  readonly periodCvMinor: number
  /** Member index of a share holder's id; -1 when the id is not a member of the network. */
  readonly memberIndexOf: (id: string) => number
  /** Join position per member (the spec's `members` order); absent: index order is join order. */
  readonly joinOrder?: ArrayLike<number>
}

export function computePoolBatch(
  component: ComponentOf<"pool">,
  network: BatchNetwork,
  input: PoolBatchInput,
  rounding: Rounding,
  out: PeriodLineColumns
): void {
  const { periodCvMinor, memberIndexOf, joinOrder } = input
  if (!Number.isSafeInteger(periodCvMinor) || periodCvMinor < 0) {
    throw new BatchInputError("periodCvMinor: must be a non-negative safe integer (minor units)")
  }
  if (joinOrder !== undefined && joinOrder.length !== network.size) {
    throw new BatchInputError(`joinOrder: length ${joinOrder.length}, expected ${network.size}`)
  }
  const holders: { member: number; shares: number; joined: number }[] = []
  for (const [id, shares] of Object.entries(component.shares)) {
    const member = memberIndexOf(id)
    if (member === -1) continue
    if (!Number.isInteger(member) || member < 0 || member >= network.size) {
      throw new BatchInputError(`memberIndexOf(${JSON.stringify(id)}): ${member} is not a member index or -1`)
    }
    if (network.terminated[member] === 1) continue
    holders.push({ member, shares, joined: joinOrder === undefined ? member : joinOrder[member] })
  }
  holders.sort((a, b) => a.joined - b.joined)
  const amount = applyRateBp(periodCvMinor, component.rate_bp, rounding)
  const parts = splitLargestRemainder(amount, holders.map((holder) => holder.shares))
  const code = PERIOD_BONUS_CODE.pool
  holders.forEach((holder, i) => out.push(holder.member, code, 0, parts[i], periodCvMinor, component.rate_bp))
}
