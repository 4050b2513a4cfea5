/**
 * Fast start (spec "fast_start"): the owner's sponsor earns rate_bp of the order's CV when the
 * order is dated strictly before the owner's enrolled_at + days. A customer's order uses its
 * referrer's enrolled_at; an order or member without a time gets no fast start.
 */
import type { ComponentOf } from "./types"
import { MS_PER_DAY } from "./time"
import { NONE } from "./replay/network"
import { rateTerm } from "./replay/orders"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

export function fastStart(component: ComponentOf<"fast_start">, ctx: ReplayContext): ComponentRuntime {
  const { network } = ctx
  const windowMs = component.days * MS_PER_DAY
  return {
    orderTerms(order) {
      const enrolledAtMs = network.enrolledAtMs[order.owner]
      const sponsor = network.sponsor[order.owner]
      if (order.atMs === undefined || enrolledAtMs === undefined || sponsor === NONE) return []
      if (!(order.atMs < enrolledAtMs + windowMs) || !network.canEarn(sponsor)) return []
      return [rateTerm(sponsor, "fast_start", undefined, component.rate_bp)]
    },
  }
}
