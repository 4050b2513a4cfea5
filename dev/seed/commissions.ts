// The demo's compensation plan, CV rules and commissions. The plan goes through the same
// service calls as the admin API (draft, activate); the seed's orders (createOrderWorkflow emits
// no order.placed) get their commissions from the worker's own batch processor, so the demo has
// a ledger without needing Redis.
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MLM_MODULE } from "../../src/modules/mlm"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type MlmModuleService from "../../src/modules/mlm/service"
import { orderJobFor } from "../../src/workflows/commissions/gather"
import type { SeededVariant } from "./products"
import { DEMO_CURRENCY } from "./store-setup"

export const DEMO_PLAN = {
  currency: DEMO_CURRENCY.toUpperCase(),
  rounding: "half_up",
  components: [
    { type: "unilevel", levels_bp: [1000, 500, 300, 200, 100], compression: "dynamic" },
    { type: "fast_start", rate_bp: 500, days: 30 },
  ],
}

const BATCH = 200

/** The demo plan, active from now on; nothing when a version is in force already. Returns 1 if created. */
export async function ensureDemoPlan(container: MedusaContainer): Promise<number> {
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  if (await mlm.getActivePlanVersion(DEMO_PLAN.currency).catch(() => null)) return 0
  const plan = await mlm.createPlanDraft({ name: "Demo unilevel", period: "monthly", draft: DEMO_PLAN })
  await mlm.activatePlan(plan.id, { effective_from: new Date() })
  return 1
}

/** The catalogue's CV shares as variant CV rules (the commissionable value of each line). */
export async function ensureDemoVariantCv(container: MedusaContainer, variants: SeededVariant[]): Promise<number> {
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  const existing = await mlm.listVariantCv(variants.map((variant) => variant.id))
  const have = new Set(existing.map((rule) => rule.variant_id))
  const missing = variants.filter((variant) => !have.has(variant.id))
  for (const variant of missing) await mlm.setVariantCv(variant.id, { cv_bp: variant.cvBp })
  return missing.length
}

/** Commission records and lines for every order that has none yet. Returns the orders processed. */
export async function ensureDemoCommissions(container: MedusaContainer): Promise<number> {
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  const gateway = await mlm.commissions()
  const orders = await container.resolve(Modules.ORDER).listOrders({}, { select: ["id"], take: null, order: { created_at: "ASC" } })
  const missing = await gateway.db.exec<{ id: string }>(
    `SELECT o.id FROM unnest($1::text[]) WITH ORDINALITY AS o(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM mlm_commission_record r WHERE r.order_id = o.id) ORDER BY o.n`,
    [orders.map((order) => order.id)],
  )
  const { holding_days: holdingDays } = mlm.getOptions()
  let processed = 0
  for (let start = 0; start < missing.length; start += BATCH) {
    const jobs = []
    for (const { id } of missing.slice(start, start + BATCH)) {
      const job = await orderJobFor(container, id)
      if (job) jobs.push(job)
    }
    const outcome = await processOrderBatch(gateway.db, jobs, { holdingDays, now: () => new Date() })
    processed += outcome.recorded
  }
  return processed
}
