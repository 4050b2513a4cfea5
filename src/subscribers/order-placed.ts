import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { enrollFromOrderWorkflow } from "../workflows/enrollment/enroll-from-order"

/**
 * Checkout enrollment. Never throws: the order is already placed, and a referral problem is
 * recorded by the workflow as a "skipped" outcome; anything else is logged for an operator.
 */
export default async function orderPlacedEnrollment({
  event: { data },
  container,
}: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    const { errors } = await enrollFromOrderWorkflow(container).run({
      input: { order_id: data.id },
      throwOnError: false,
    })
    for (const failure of errors) {
      logger.error(`mlm: checkout enrollment for order ${data.id} failed: ${failure.error?.message}`)
    }
  } catch (error) {
    logger.error(`mlm: checkout enrollment for order ${data.id} failed: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "mlm-checkout-enrollment" },
}
