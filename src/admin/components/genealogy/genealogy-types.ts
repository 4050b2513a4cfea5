/**
 * Shapes of the genealogy routes (src/api/admin/mlm/distributors/[id]/children/**) and the few
 * pure helpers the tree views share. Amounts (carry) are integer minor units.
 */
import type { Distributor } from "../../lib/mlm-types"

/** GET /admin/mlm/distributors/:id/children */
export type ChildNode = Distributor & { child_count: number }
export type ChildrenPage = { parent_id: string; children: ChildNode[]; count: number; limit: number; offset: number }

export type TreeType = "binary" | "matrix"

/** GET /admin/mlm/distributors/:id/children/placement (no tree given) */
export type PlacementTrees = {
  distributor_id: string
  trees: { tree_type: TreeType; tree_key: string; root_distributor_id: string | null; plan_name: string | null }[]
}

export type Carry = { left_minor: number; right_minor: number }

export type Seat = { placement_id: string; position: number | null; depth: number; child_count: number; carry: Carry | null }

/** GET /admin/mlm/distributors/:id/children/placement?tree_type=&tree_key= */
export type PlacementChildrenPage = {
  distributor_id: string
  tree_type: TreeType
  tree_key: string
  seat: Seat | null
  children: (Seat & { distributor: Distributor })[]
  count: number
  limit: number
  offset: number
  carry_visible: boolean
  carry_run: { id: string; period_key: string; currency_code: string; status: string } | null
}

/** Children per request; a node shows one page, then "Show more". */
export const CHILDREN_PAGE = 50

/** What a node is called: the customer's name, else its email, else the referral code. */
export function displayName(distributor: Pick<Distributor, "is_house" | "referral_code" | "customer">): string {
  if (distributor.is_house) return "The house"
  const customer = distributor.customer
  const name = customer ? [customer.first_name, customer.last_name].filter(Boolean).join(" ") : ""
  return name || customer?.email || distributor.referral_code
}

/** A binary seat's leg, or a matrix slot (1-based, as the plan describes slots). */
export function positionLabel(treeType: TreeType, position: number | null): string {
  if (position === null) return "Root"
  if (treeType === "binary") return position === 0 ? "Left leg" : position === 1 ? "Right leg" : `Position ${position}`
  return `Slot ${position + 1}`
}
