import type { Distributor, DistributorStatus } from "../../lib/mlm-types"

/**
 * How a distributor is named on the MLM pages, as plain text (names are data anyone could type:
 * they are rendered as text, never as markup).
 */

export function distributorName(distributor: Pick<Distributor, "is_house" | "customer">): string {
  if (distributor.is_house) return "The house (company root)"
  const customer = distributor.customer
  if (!customer) return "No customer account"
  const name = [customer.first_name, customer.last_name].filter((part) => part && part.trim()).join(" ")
  if (name && customer.email) return `${name} · ${customer.email}`
  return name || customer.email || customer.id
}

export const DISTRIBUTOR_STATUSES: readonly DistributorStatus[] = ["pending", "active", "suspended", "terminated"]

/**
 * Where a status change may go (src/modules/mlm/domain/status-transitions.ts): terminated is
 * final, the house stays active, and changing to the same status is no change.
 */
export function statusTargets(distributor: Pick<Distributor, "status" | "is_house">): DistributorStatus[] {
  if (distributor.is_house || distributor.status === "terminated") return []
  return DISTRIBUTOR_STATUSES.filter((status) => status !== distributor.status)
}
