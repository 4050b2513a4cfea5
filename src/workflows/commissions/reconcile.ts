/**
 * Reconciliation (docs/ledger.md): orders of the last days that have neither a commission record
 * nor an outbox job get one. It catches an order.placed that was never delivered (core events are
 * not retried), a subscriber that failed, and orders created without the event (e.g. by
 * createOrderWorkflow). A canceled order also gets its cancel job. Idempotent: job keys dedupe.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MLM_MODULE, type MlmModuleService } from "../../modules/mlm"
import type { CommissionJob } from "../../modules/mlm/commissions/jobs"
import { cancelJobFor, orderJobFor } from "./gather"

const PAGE = 500

export async function reconcileOrders(container: MedusaContainer, since: Date): Promise<{ scanned: number; enqueued: number }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as {
    graph(input: Record<string, unknown>): Promise<{ data: { id: string; status: string }[] }>
  }
  const gateway = await container.resolve<MlmModuleService>(MLM_MODULE).commissions()
  let scanned = 0
  let enqueued = 0
  for (let skip = 0; ; skip += PAGE) {
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "status"],
      filters: { created_at: { $gte: since } },
      pagination: { skip, take: PAGE, order: { created_at: "ASC" } },
    })
    if (orders.length === 0) break
    scanned += orders.length
    const missing = await gateway.db.exec<{ id: string }>(
      `SELECT o.id FROM unnest($1::text[]) AS o(id)
        WHERE NOT EXISTS (SELECT 1 FROM mlm_commission_record r WHERE r.order_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM mlm_outbox b WHERE b.job_key = 'order-' || o.id)`,
      [orders.map((order) => order.id)],
    )
    const jobs: CommissionJob[] = []
    for (const { id } of missing) {
      const job = await orderJobFor(container, id)
      if (!job) continue
      jobs.push(job)
      if (orders.find((order) => order.id === id)?.status === "canceled") jobs.push(cancelJobFor(id))
    }
    if (jobs.length > 0) {
      await gateway.enqueue(jobs)
      enqueued += jobs.length
    }
    if (orders.length < PAGE) break
  }
  return { scanned, enqueued }
}
