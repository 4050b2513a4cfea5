import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { commissionGateway, distributorNodeOr404 } from "../../../../admin/mlm/ledger/ledger-access"
import { callerDistributorOr404, mlmService } from "../../../../mlm-service"

/** The caller's own balances per currency: pending (held) and available. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const distributor = await callerDistributorOr404(mlmService(req.scope), req.auth_context.actor_id)
  const gateway = await commissionGateway(req.scope)
  const node = await distributorNodeOr404(gateway, distributor.id)
  res.json({ balances: await gateway.balances(node) })
}
