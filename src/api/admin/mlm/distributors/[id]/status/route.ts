import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { adminDistributorView } from "../../../../../distributor-views"
import { mlmService } from "../../../../../mlm-service"
import type { AdminSetDistributorStatusType } from "../../validators"
import { auditContextOf } from "../../../audit/audit-request"

export const POST = withConflictMessage(async function setDistributorStatus(
  req: AuthenticatedMedusaRequest<AdminSetDistributorStatusType>,
  res: MedusaResponse
) {
  const distributor = await mlmService(req.scope).setStatus({
    distributor_id: req.params.id,
    status: req.validatedBody.status,
    reason: req.validatedBody.reason,
    actor_id: req.auth_context.actor_id,
    audit: auditContextOf(req),
  })
  res.json({ distributor: adminDistributorView(distributor) })
})
