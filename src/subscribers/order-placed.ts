import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MLM_MODULE, type MlmModuleService } from "../modules/mlm"
import { orderJobFor } from "../workflows/commissions/gather"
import { enrollFromOrderWorkflow } from "../workflows/enrollment/enroll-from-order"

/**
 * order.placed: checkout enrollment first, then the commission job, in that order so that a
 * shopper who becomes a distributor at checkout owns the order (docs/ledger.md). Never throws: the
 * order is placed already. A referral problem is a recorded "skipped" outcome; a failure to
 * record the commission job is logged, and the reconciliation job finds the order later.
 */
export default async function orderPlaced({ event: { data }, container }: SubscriberArgs<{ id: string }>) {
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

  try {
    const job = await orderJobFor(container, data.id)
    if (job) await (await container.resolve<MlmModuleService>(MLM_MODULE).commissions()).enqueue([job])
  } catch (error) {
    logger.error(`mlm: commission job for order ${data.id} not recorded: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "mlm-order-placed" },
}
