import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { commissionGateway, distributorNodeOr404 } from "../../../../admin/mlm/ledger/ledger-access"
import { storeLedgerLineView } from "../../../../admin/mlm/ledger/ledger-views"
import { callerDistributorOr404, mlmService } from "../../../../mlm-service"
import type { StoreMyCommissionsQueryType } from "./validators"

/**
 * The caller's own commission lines, newest first. The beneficiary comes from the token's
 * customer, never from the request, so another member's lines are unreachable (OWASP API1).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreMyCommissionsQueryType>, res: MedusaResponse) {
  const distributor = await callerDistributorOr404(mlmService(req.scope), req.auth_context.actor_id)
  const gateway = await commissionGateway(req.scope)
  const node = await distributorNodeOr404(gateway, distributor.id)
  const { status, limit, offset } = req.validatedQuery
  const { rows, count } = await gateway.listLines({ beneficiary_node: node, status, limit, offset })
  res.json({ lines: rows.map(storeLedgerLineView), count, limit, offset })
}
