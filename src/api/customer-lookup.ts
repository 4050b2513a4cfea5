import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * The mlm module cannot read customers (a module never calls another module), so the routes
 * join customer facts in here, through Query.
 */

export type CustomerSummary = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
}

// The admin search resolves free text to customer ids first; a search matching more customers
// than this is too broad to page through meaningfully and is cut here (documented in docs/api.md).
export const CUSTOMER_SEARCH_CAP = 1000

export async function customersByIds(
  scope: MedusaContainer,
  ids: (string | null)[]
): Promise<Map<string, CustomerSummary>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))]
  if (!wanted.length) {
    return new Map()
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name"],
    filters: { id: wanted },
  })
  return new Map(data.map((customer: CustomerSummary) => [customer.id, customer]))
}

export async function customerIdsMatching(scope: MedusaContainer, text: string): Promise<string[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  // `q` is the customer module's free-text filter (email, names, phone, company); the generated
  // filter types do not list it.
  const freeText = { q: text } as Record<string, unknown>
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: freeText,
    pagination: { take: CUSTOMER_SEARCH_CAP, skip: 0 },
  })
  return data.map((customer: { id: string }) => customer.id)
}
