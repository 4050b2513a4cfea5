import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService, retrieveDistributorOr404 } from "../../../../../mlm-service"

/** Who moved or re-statused a distributor, when, and why (append-only records). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mlm = mlmService(req.scope)
  const distributor = await retrieveDistributorOr404(mlm, req.params.id)
  const [sponsorMoves, statusChanges] = await Promise.all([
    mlm.listSponsorMoves(distributor.id),
    mlm.listStatusChanges(distributor.id),
  ])
  res.json({ sponsor_moves: sponsorMoves, status_changes: statusChanges })
}
