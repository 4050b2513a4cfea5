import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../mlm-service"
import type { AdminUpdatePlanType } from "../validators"
import { auditContextOf } from "../../audit/audit-request"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ plan: await mlmService(req.scope).getPlan(req.params.id) })
}

/** Updates the draft (name, period, draft); versions already activated never change. */
export async function POST(req: AuthenticatedMedusaRequest<AdminUpdatePlanType>, res: MedusaResponse) {
  const plan = await mlmService(req.scope).updatePlanDraft(req.params.id, {
    ...req.validatedBody,
    actor_id: req.auth_context.actor_id,
    audit: auditContextOf(req),
  })
  res.json({ plan })
}
