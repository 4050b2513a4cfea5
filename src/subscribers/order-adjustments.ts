import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MLM_MODULE, type MlmModuleService } from "../modules/mlm"
import type { AdjustmentJob } from "../modules/mlm/commissions/jobs"
import { cancelJobFor, refundJobsFor, returnJobFor } from "../workflows/commissions/gather"

type AdjustmentEvent = { id?: string; order_id?: string; return_id?: string }

/**
 * Cancellations, returns and refunds → clawback jobs (docs/ledger.md). payment.refunded carries
 * the payment id; its refunds lead to the order through the payment collection.
 */
export default async function orderAdjustments({ event: { name, data }, container }: SubscriberArgs<AdjustmentEvent>) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  try {
    let jobs: AdjustmentJob[] = []
    if (name === "order.canceled" && data.id) jobs = [cancelJobFor(data.id)]
    else if (name === "payment.refunded" && data.id) jobs = await refundJobsFor(container, data.id)
    else if (name === "order.return_received" && data.order_id && data.return_id) {
      const job = await returnJobFor(container, data.order_id, data.return_id)
      jobs = job ? [job] : []
    }
    if (jobs.length > 0) await (await container.resolve<MlmModuleService>(MLM_MODULE).commissions()).enqueue(jobs)
  } catch (error) {
    logger.error(`mlm: commission adjustment for ${name} ${JSON.stringify(data)} not recorded: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: ["order.canceled", "order.return_received", "payment.refunded"],
  context: { subscriberId: "mlm-order-adjustments" },
}
