import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { adminDistributorView } from "../../../../../distributor-views"
import { mlmService } from "../../../../../mlm-service"
import type { AdminMoveDistributorType } from "../../validators"
import { auditContextOf } from "../../../audit/audit-request"

/** Moves a distributor and its whole subtree under a new sponsor; a cycle is a 409. */
export const POST = withConflictMessage(async function moveDistributor(
  req: AuthenticatedMedusaRequest<AdminMoveDistributorType>,
  res: MedusaResponse
) {
  const distributor = await mlmService(req.scope).moveSponsor({
    distributor_id: req.params.id,
    new_sponsor_id: req.validatedBody.sponsor_id,
    reason: req.validatedBody.reason,
    actor_id: req.auth_context.actor_id,
    audit: auditContextOf(req),
  })
  res.json({ distributor: adminDistributorView(distributor) })
})
