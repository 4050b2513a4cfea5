import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileOrders } from "../workflows/commissions/reconcile"

/** Every 10 minutes: orders of the last 7 days without a commission record get their job. */
export default async function reconcileCommissions(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const since = new Date(Date.now() - 7 * 86_400_000)
  const { scanned, enqueued } = await reconcileOrders(container, since)
  if (enqueued > 0) logger.info(`mlm: reconciliation enqueued ${enqueued} commission jobs (${scanned} orders scanned)`)
}

export const config = {
  name: "mlm-reconcile-commissions",
  schedule: "*/10 * * * *",
}
