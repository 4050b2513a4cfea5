// The customers behind the distributors: demo+0001@example.com ... (one per planned
// distributor, same order), created in batches; existing ones are found by email and kept.
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export type DemoCustomer = { index: number; id: string; email: string }

const BATCH_SIZE = 250
const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Finn", "Gia", "Hugo", "Ines", "Jon", "Kira", "Luca"]
const LAST_NAMES = ["Meyer", "Novak", "Okafor", "Petit", "Quinn", "Rossi", "Silva", "Tanaka", "Urban", "Vidal"]

export function demoCustomerEmail(index: number): string {
  return `demo+${String(index + 1).padStart(4, "0")}@example.com`
}

export async function ensureDemoCustomers(
  container: MedusaContainer,
  size: number,
  withLogin: (index: number) => boolean
): Promise<{ customers: DemoCustomer[]; created: number }> {
  const service = container.resolve(Modules.CUSTOMER)
  const byEmail = new Map<string, string>()
  let created = 0
  for (let start = 0; start < size; start += BATCH_SIZE) {
    const indexes = range(start, Math.min(size, start + BATCH_SIZE))
    const emails = indexes.map(demoCustomerEmail)
    const existing = await service.listCustomers({ email: emails }, { select: ["id", "email"], take: null })
    existing.forEach((customer) => byEmail.set(customer.email, customer.id))
    const missing = indexes.filter((index) => !byEmail.has(demoCustomerEmail(index)))
    if (!missing.length) {
      continue
    }
    const { result } = await createCustomersWorkflow(container).run({
      input: {
        customersData: missing.map((index) => ({
          email: demoCustomerEmail(index),
          first_name: FIRST_NAMES[index % FIRST_NAMES.length],
          last_name: LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length],
          has_account: withLogin(index),
          metadata: { mlm_demo_seed: true },
        })),
      },
    })
    result.forEach((customer) => byEmail.set(customer.email, customer.id))
    created += result.length
  }
  const customers = range(0, size).map((index) => {
    const email = demoCustomerEmail(index)
    return { index, email, id: byEmail.get(email) as string }
  })
  return { customers, created }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, offset) => from + offset)
}
