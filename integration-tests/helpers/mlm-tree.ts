import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { MLM_MODULE, type DistributorDTO, type MlmModuleService } from "../../src/modules/mlm"

export function mlmOf(container: MedusaContainer): MlmModuleService {
  return container.resolve<MlmModuleService>(MLM_MODULE)
}

/** Customers straight in the customer module: tree members that never need to log in. */
export async function createCustomers(
  container: MedusaContainer,
  people: { email: string; first_name: string; last_name?: string }[]
): Promise<string[]> {
  const customers = await container.resolve(Modules.CUSTOMER).createCustomers(
    people.map((person) => ({ ...person, last_name: person.last_name ?? "Tree", has_account: true }))
  )
  return customers.map((customer) => customer.id)
}

/**
 * Builds a named sponsor tree under the house: `{ a: null, b: "a" }` puts a under the house and b
 * under a. Parents must be listed before children. Returns the distributors by name.
 */
export async function buildTree(
  container: MedusaContainer,
  sponsorOf: Record<string, string | null>
): Promise<Record<string, DistributorDTO>> {
  const mlm = mlmOf(container)
  const house = await mlm.ensureHouse()
  const names = Object.keys(sponsorOf)
  const customerIds = await createCustomers(
    container,
    names.map((name) => ({ email: `${name}@tree.test`, first_name: capitalise(name) }))
  )
  const byName: Record<string, DistributorDTO> = {}
  for (const [index, name] of names.entries()) {
    const sponsorName = sponsorOf[name]
    const { distributor } = await mlm.enroll({
      customer_id: customerIds[index],
      sponsor_id: sponsorName ? byName[sponsorName].id : house.id,
      source: "seed",
    })
    byName[name] = distributor
  }
  return byName
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1)
}
