import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { mlmService } from "../../../../../mlm-service"
import type { AdminActivatePlanType } from "../../validators"
import { auditContextOf } from "../../../audit/audit-request"

/** Appends an immutable version of the draft; another version at the same instant is a 409. */
export const POST = withConflictMessage(async function activatePlan(
  req: AuthenticatedMedusaRequest<AdminActivatePlanType>,
  res: MedusaResponse
) {
  const planVersion = await mlmService(req.scope).activatePlan(req.params.id, {
    effective_from: req.validatedBody.effective_from,
    actor_id: req.auth_context.actor_id,
    audit: auditContextOf(req),
  })
  res.status(201).json({ plan_version: planVersion })
})
