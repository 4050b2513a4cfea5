/**
 * Subscribers' half of the money path (docs/ledger.md): read the order facts from Medusa's
 * modules with query.graph and turn them into self-contained commission jobs. Nothing here
 * writes; the module's gateway records and enqueues.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { applyRateBp } from "../../engine/money"
import { MLM_MODULE, type MlmModuleService } from "../../modules/mlm"
import type { AdjustmentJob, OrderJob } from "../../modules/mlm/commissions/jobs"
import { lineCvMinor } from "../../modules/mlm/domain/commissionable-value"
import { toMinorUnits } from "../../modules/mlm/domain/minor-units"
import { selectVariantCvRules } from "../../modules/mlm/repositories/variant-cv-sql"

type Query = { graph(input: Record<string, unknown>): Promise<{ data: Record<string, any>[] }> }

function queryOf(container: MedusaContainer): Query {
  return container.resolve(ContainerRegistrationKeys.QUERY) as unknown as Query
}

export async function orderJobFor(container: MedusaContainer, orderId: string): Promise<OrderJob | null> {
  const { data } = await queryOf(container).graph({
    entity: "order",
    fields: ["id", "currency_code", "customer_id", "created_at", "total", "items.id", "items.variant_id", "items.quantity", "items.unit_price"],
    filters: { id: orderId },
  })
  const order = data[0]
  if (!order) return null
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  const options = mlm.getOptions()
  const currency = String(order.currency_code).toUpperCase()
  const gateway = await mlm.commissions()
  const items = (order.items ?? []) as { id: string; variant_id: string | null; quantity: unknown; unit_price: unknown }[]
  const rules = await selectVariantCvRules(gateway.db.exec, items.map((item) => item.variant_id).filter((id): id is string => !!id))
  const jobItems = items.map((item) => {
    const quantity = Number(item.quantity)
    const unitPriceMinor = toMinorUnits(item.unit_price as number, currency)
    const rule = item.variant_id ? rules.get(item.variant_id) : undefined
    return {
      item_id: item.id,
      variant_id: item.variant_id ?? null,
      quantity,
      unit_price_minor: unitPriceMinor,
      cv_minor: lineCvMinor(rule, unitPriceMinor, quantity, currency, options.default_cv_bp),
    }
  })

  const customerId = (order.customer_id as string | null) ?? null
  const distributor = customerId ? await mlm.retrieveDistributorByCustomer(customerId) : null
  const attribution = customerId && !distributor ? await mlm.getAttribution(customerId) : null
  // Retail profit needs a wholesale price: the `wholesale_bp` option gives it as a share of retail.
  const retailMinor = jobItems.reduce((sum, item) => sum + item.unit_price_minor * item.quantity, 0)
  const retailKnown = !distributor && attribution !== null && options.wholesale_bp !== null
  return {
    kind: "order",
    order_id: order.id,
    currency_code: currency,
    placed_at: new Date(order.created_at).toISOString(),
    customer_id: customerId,
    distributor_id: distributor?.id ?? null,
    referrer_id: attribution?.referrer_id ?? null,
    total_minor: Math.max(0, toMinorUnits(order.total as number, currency)),
    items: jobItems,
    retail_minor: retailKnown ? retailMinor : null,
    wholesale_minor: retailKnown ? applyRateBp(retailMinor, options.wholesale_bp as number, "half_up") : null,
  }
}

export function cancelJobFor(orderId: string, at: Date = new Date()): AdjustmentJob {
  return { kind: "adjustment", adjustment_key: orderId, order_id: orderId, type: "cancel", at: at.toISOString() }
}

/** Every refund of the payment (re-offering one already applied is absorbed by its key). */
export async function refundJobsFor(container: MedusaContainer, paymentId: string): Promise<AdjustmentJob[]> {
  const { data } = await queryOf(container).graph({
    entity: "payment",
    fields: ["id", "currency_code", "refunds.id", "refunds.amount", "refunds.created_at", "payment_collection.order.id"],
    filters: { id: paymentId },
  })
  const payment = data[0]
  const orderId = payment?.payment_collection?.order?.id as string | undefined
  if (!payment || !orderId) return []
  const currency = String(payment.currency_code).toUpperCase()
  return ((payment.refunds ?? []) as { id: string; amount: unknown; created_at: string }[]).map((refund) => ({
    kind: "adjustment",
    adjustment_key: refund.id,
    order_id: orderId,
    type: "refund",
    at: new Date(refund.created_at).toISOString(),
    refund_minor: toMinorUnits(refund.amount as number, currency),
  }))
}

export async function returnJobFor(container: MedusaContainer, orderId: string, returnId: string): Promise<AdjustmentJob | null> {
  const { data } = await queryOf(container).graph({
    entity: "return",
    fields: ["id", "order_id", "received_at", "items.item_id", "items.quantity", "items.received_quantity"],
    filters: { id: returnId },
  })
  const found = data[0]
  if (!found) return null
  const items = ((found.items ?? []) as { item_id: string; quantity: unknown; received_quantity: unknown }[])
    .map((item) => ({ item_id: item.item_id, quantity: Number(item.received_quantity ?? item.quantity) }))
    .filter((item) => item.quantity > 0)
  return {
    kind: "adjustment",
    adjustment_key: returnId,
    order_id: orderId,
    type: "return",
    at: new Date(found.received_at ?? Date.now()).toISOString(),
    items,
  }
}
