import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { commissionGateway, distributorNodeOr404 } from "../../../ledger/ledger-access"

/**
 * What a distributor has earned, per currency: held (pending) and payable (available).
 * Canceled lines count for neither; clawback lines are negative and lower both.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const gateway = await commissionGateway(req.scope)
  const node = await distributorNodeOr404(gateway, req.params.id)
  res.json({ distributor_id: req.params.id, balances: await gateway.balances(node) })
}
