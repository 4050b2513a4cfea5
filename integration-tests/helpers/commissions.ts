import type { MedusaContainer } from "@medusajs/framework/types"
import { parsePlan, planVersionHash } from "../../src/engine"
import type { CommissionGateway } from "../../src/modules/mlm/commissions/gateway"
import { mlmOf } from "./mlm-tree"

/** A plan version effective since 2000 for its currency, written straight to the tables. */
export async function activatePlanForTest(container: MedusaContainer, definition: unknown, period: "weekly" | "monthly" = "monthly") {
  const plan = parsePlan(definition)
  const gateway = await mlmOf(container).commissions()
  const suffix = `${Date.now()}${Math.floor(Math.random() * 1e6)}`
  await gateway.db.exec(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ($1, 'test plan', $2, $3::jsonb)`, [
    `mlmplan_${suffix}`, period, JSON.stringify(definition),
  ])
  await gateway.db.exec(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
     VALUES ($1, $2, 1, $3, $4, $5::jsonb, $6, '2000-01-01T00:00:00Z')`,
    [`mlmplv_${suffix}`, `mlmplan_${suffix}`, plan.currency, period, JSON.stringify(plan), planVersionHash(plan)],
  )
  return `mlmplv_${suffix}`
}

/** Polls until `read` returns a value that `done` accepts, or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last = await read()
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await read()
  }
  return last
}

export type SimpleLine = { to: number; bonus: string; level: number; cents: number; source_kind: string; status: string }

export async function linesOfOrder(gateway: CommissionGateway, orderId: string): Promise<SimpleLine[]> {
  const { rows } = await gateway.listLines({ order_id: orderId, limit: 1000, offset: 0 })
  return rows
    .map((row) => ({
      to: row.beneficiary_node,
      bonus: row.bonus,
      level: row.level,
      cents: Number(row.amount_minor),
      source_kind: row.source_kind,
      status: row.status,
    }))
    .sort((a, b) => a.source_kind.localeCompare(b.source_kind) || a.to - b.to || a.bonus.localeCompare(b.bonus))
}
