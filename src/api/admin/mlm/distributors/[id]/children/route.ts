import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { findTreeNode } from "../../../../../../modules/mlm/repositories/tree-queries"
import { toDistributorDTO } from "../../../../../../modules/mlm/repositories/distributor-rows"
import { customersByIds } from "../../../../../customer-lookup"
import { adminDistributorView } from "../../../../../distributor-views"
import { mlmService } from "../../../../../mlm-service"
import { selectChildrenPage } from "./children-sql"
import { AdminChildrenQuery, ChildrenParams, validateOr400 } from "./validators"

/**
 * A node's direct sponsor-tree children, one page at a time, each with its own child count: what
 * the admin's genealogy explorer loads when a node is expanded, so a network of any size opens
 * level by level. Permission mlm.read (the tree, no money).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { id } = await validateOr400(ChildrenParams, req.params)
  const { limit, offset } = await validateOr400(AdminChildrenQuery, req.query)
  const exec = (await mlmService(req.scope).commissions()).db.exec
  const node = await findTreeNode(exec, id)
  if (!node) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Distributor with id ${id} was not found`)

  const { rows, count } = await selectChildrenPage(exec, node, { limit, offset })
  const customers = await customersByIds(req.scope, rows.map((row) => row.customer_id))
  res.json({
    parent_id: node.id,
    children: rows.map((row) => ({
      ...adminDistributorView(toDistributorDTO(row), row.customer_id ? customers.get(row.customer_id) : undefined),
      child_count: row.child_count,
    })),
    count,
    limit,
    offset,
  })
}
