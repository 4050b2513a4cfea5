/**
 * Retail profit (spec "retail_profit"): on an order by a customer, its referrer earns
 * retail − wholesale; a refund pro-rates it by net CV (spec "Refunds").
 */
import type { ComponentOf } from "./types"
import { proRataTerm } from "./replay/orders"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

export function retailProfit(_component: ComponentOf<"retail_profit">, ctx: ReplayContext): ComponentRuntime {
  const { network } = ctx
  return {
    orderTerms(order) {
      if (!network.isCustomer[order.buyer] || order.retail === undefined || order.wholesale === undefined) return []
      const referrer = network.referrer[order.buyer]
      if (!network.canEarn(referrer)) return []
      return [proRataTerm(referrer, "retail_profit", order.retail - order.wholesale)]
    },
  }
}
