// The sponsor tree: the house, then the planned distributors level by level (a level's
// sponsors all exist before it, which bulkEnroll requires), one distributor per demo customer.
// Customers that already have a distributor keep it.
import { MedusaContainer } from "@medusajs/framework/types"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"
import type { DistributorDTO } from "../../src/modules/mlm/types"
import { DemoCustomer } from "./customers"
import { groupByDepth, PlannedDistributor } from "./network-plan"

export type DemoNetwork = {
  house: DistributorDTO
  /** distributor id of plan[i], by plan index */
  distributorIds: string[]
  created: number
}

export async function ensureDemoNetwork(
  container: MedusaContainer,
  customers: DemoCustomer[],
  plan: PlannedDistributor[]
): Promise<DemoNetwork> {
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  const house = await mlm.ensureHouse()
  const existing = await mlm.listDistributors(
    { customer_id: customers.map((customer) => customer.id) },
    { select: ["id", "customer_id"], take: null }
  )
  const byCustomer = new Map(existing.map((row) => [row.customer_id as string, row.id]))
  let created = 0
  for (const level of groupByDepth(plan)) {
    const missing = level.filter((node) => !byCustomer.has(customers[node.index].id))
    if (!missing.length) {
      continue
    }
    const sponsorOf = (node: PlannedDistributor) =>
      node.sponsorIndex === null ? house.id : (byCustomer.get(customers[node.sponsorIndex].id) as string)
    const inserted = await mlm.bulkEnroll(
      missing.map((node) => ({ customer_id: customers[node.index].id, sponsor_id: sponsorOf(node) }))
    )
    inserted.forEach((row) => byCustomer.set(row.customer_id as string, row.id))
    created += inserted.length
  }
  const distributorIds = plan.map((node) => byCustomer.get(customers[node.index].id) as string)
  return { house, distributorIds, created }
}
