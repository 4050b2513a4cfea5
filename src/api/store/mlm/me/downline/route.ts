import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customersByIds } from "../../../../customer-lookup"
import { storeDownlineMemberView } from "../../../../distributor-views"
import { callerDistributorOr404, downlineDepth, mlmService } from "../../../../mlm-service"
import type { StoreMyDownlineQueryType } from "../../validators"

/**
 * The caller's own subtree. The root of the query is the caller's distributor (from the token),
 * so another member's downline is unreachable by construction (OWASP API1), not filtered out.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, StoreMyDownlineQueryType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const { limit, offset, order } = req.validatedQuery
  const maxDepth = downlineDepth(mlm, req.validatedQuery.depth)
  const { rows, count } = await mlm.listDownline(distributor.id, {
    max_depth: maxDepth,
    limit,
    offset,
    order,
  })
  const customers = await customersByIds(
    req.scope,
    rows.map((row) => row.customer_id)
  )
  res.json({
    downline: rows.map((row) =>
      storeDownlineMemberView(
        row,
        (row.customer_id && customers.get(row.customer_id)?.first_name) || null
      )
    ),
    count,
    limit,
    offset,
    depth: maxDepth,
  })
}
