import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customersByIds } from "../../../../customer-lookup"
import { adminDistributorView } from "../../../../distributor-views"
import { selectCallerNode } from "../../../../../modules/mlm/repositories/back-office-volume-sql"
import { downlineDepth, mlmService, referralLink, retrieveDistributorOr404 } from "../../../../mlm-service"
import type { AdminDistributorDetailQueryType } from "../validators"

/**
 * One distributor for the admin: record, customer, rank, referral link, upline (root first),
 * downline per level.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminDistributorDetailQueryType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await retrieveDistributorOr404(mlm, req.params.id)
  const maxDepth = downlineDepth(mlm, req.validatedQuery.depth)
  const exec = (await mlm.commissions()).db.exec
  const [upline, downlineCounts, customers, node] = await Promise.all([
    mlm.getUpline(distributor.id, {}),
    mlm.getDownlineLevelCounts(distributor.id, { max_depth: maxDepth }),
    customersByIds(req.scope, [distributor.customer_id]),
    distributor.customer_id ? selectCallerNode(exec, distributor.customer_id) : null,
  ])
  res.json({
    distributor: {
      ...adminDistributorView(
        distributor,
        distributor.customer_id ? customers.get(distributor.customer_id) : undefined
      ),
      rank: node?.rank ?? null,
      referral_link: referralLink(mlm, distributor.referral_code),
      upline: upline.map((ancestor) => ({
        id: ancestor.id,
        referral_code: ancestor.referral_code,
        status: ancestor.status,
        depth: ancestor.depth,
        is_house: ancestor.is_house,
      })),
      downline_counts: downlineCounts,
      downline_max_depth: maxDepth,
    },
  })
}
