// Orders for every `orderEvery`-th demo customer (index 0, n, 2n, ...), one each, with one to
// three of the seeded variants, through Medusa's createOrderWorkflow (prices, tax lines,
// inventory checks as for any order). Customers with an order already are skipped.
import { createOrderWorkflow, CreateOrderWorkflowInput } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { DemoCustomer } from "./customers"
import { SeededVariant } from "./products"
import { mulberry32 as seededRandom, randomInt } from "../../src/engine/batch/generators"
import { DEMO_CURRENCY, DemoStore } from "./store-setup"

const CONCURRENCY = 8

export type OrderLine = { variant_id: string; quantity: number }

export function customersWithOrders(customers: DemoCustomer[], orderEvery: number): DemoCustomer[] {
  return customers.filter((customer) => customer.index % orderEvery === 0)
}

/** The same lines for the same customer on every run and machine. */
export function demoOrderLines(customerIndex: number, variants: SeededVariant[], seed: number): OrderLine[] {
  const random = seededRandom(seed + customerIndex)
  const lineCount = randomInt(random, 1, Math.min(3, variants.length))
  const pool = [...variants]
  const lines: OrderLine[] = []
  for (let line = 0; line < lineCount; line++) {
    const [variant] = pool.splice(randomInt(random, 0, pool.length - 1), 1)
    lines.push({ variant_id: variant.id, quantity: randomInt(random, 1, 2) })
  }
  return lines
}

export async function ensureDemoOrders(
  container: MedusaContainer,
  input: { customers: DemoCustomer[]; orderEvery: number; store: DemoStore; variants: SeededVariant[]; seed: number }
): Promise<number> {
  const buyers = customersWithOrders(input.customers, input.orderEvery)
  const orderService = container.resolve(Modules.ORDER)
  const existing = await orderService.listOrders(
    { customer_id: buyers.map((customer) => customer.id) },
    { select: ["id", "customer_id"], take: null }
  )
  const ordered = new Set(existing.map((order) => order.customer_id))
  const missing = buyers.filter((customer) => !ordered.has(customer.id))
  for (let start = 0; start < missing.length; start += CONCURRENCY) {
    await Promise.all(
      missing.slice(start, start + CONCURRENCY).map((customer) =>
        createOrderWorkflow(container).run({
          input: {
            region_id: input.store.regionId,
            sales_channel_id: input.store.salesChannelId,
            customer_id: customer.id,
            email: customer.email,
            currency_code: DEMO_CURRENCY,
            // No unit_price: the workflow prices each line from the variant, as for a cart.
            items: demoOrderLines(customer.index, input.variants, input.seed) as CreateOrderWorkflowInput["items"],
            metadata: { mlm_demo_seed: true },
          },
        })
      )
    )
  }
  return missing.length
}
