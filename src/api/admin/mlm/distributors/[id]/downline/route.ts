import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customersByIds } from "../../../../../customer-lookup"
import { adminDownlineRowView } from "../../../../../distributor-views"
import { downlineDepth, mlmService, retrieveDistributorOr404 } from "../../../../../mlm-service"
import type { AdminDownlineQueryType } from "../../validators"

export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminDownlineQueryType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await retrieveDistributorOr404(mlm, req.params.id)
  const { limit, offset, order, status } = req.validatedQuery
  const maxDepth = downlineDepth(mlm, req.validatedQuery.depth)
  const { rows, count } = await mlm.listDownline(distributor.id, {
    max_depth: maxDepth,
    limit,
    offset,
    order,
    status,
  })
  const customers = await customersByIds(
    req.scope,
    rows.map((row) => row.customer_id)
  )
  res.json({
    downline: rows.map((row) =>
      adminDownlineRowView(row, row.customer_id ? customers.get(row.customer_id) : undefined)
    ),
    count,
    limit,
    offset,
    depth: maxDepth,
  })
}
