/**
 * Pool (spec "pool"): at close_period, rate_bp of the total CV of the period's orders at net
 * CV (refunds made while the period is open reduce it) is split among `shares` by largest
 * remainder, ties by member order. Terminated members' shares drop out, as do members who
 * have not joined yet.
 */
import type { ComponentOf } from "./types"
import { applyRateBp } from "./money"
import { splitLargestRemainder } from "./largest-remainder"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

export function pool(component: ComponentOf<"pool">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger, rounding } = ctx
  let period = 0
  let periodCv = 0
  const shares = Object.entries(component.shares)

  return {
    onOrder(order) {
      periodCv += order.cv
    },

    onRefund(order, refundCv) {
      if (order.period === period) periodCv -= refundCv
    },

    onClosePeriod(periodId) {
      const holders = shares
        .map(([id, weight]) => ({ member: network.indexOf.get(id), weight }))
        .filter((h): h is { member: number; weight: number } => h.member !== undefined && network.canEarn(h.member))
        .sort((a, b) => a.member - b.member)
      const amount = applyRateBp(periodCv, component.rate_bp, rounding)
      const parts = splitLargestRemainder(amount, holders.map((h) => h.weight))
      holders.forEach((holder, i) => ledger.post(holder.member, "pool", undefined, periodId, parts[i]))
      period++
      periodCv = 0
    },
  }
}
