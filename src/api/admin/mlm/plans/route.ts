import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../mlm-service"
import type { AdminCreatePlanType, AdminListPlansQueryType } from "./validators"
import { auditContextOf } from "../audit/audit-request"

/** Plans, newest first, without their drafts. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListPlansQueryType>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery
  const { rows, count } = await mlmService(req.scope).listPlans({ limit, offset })
  res.json({ plans: rows, count, limit, offset })
}

/** Saves a new draft; it is not validated until validate, simulate or activate. */
export async function POST(req: AuthenticatedMedusaRequest<AdminCreatePlanType>, res: MedusaResponse) {
  const plan = await mlmService(req.scope).createPlanDraft({ ...req.validatedBody, actor_id: req.auth_context.actor_id, audit: auditContextOf(req) })
  res.status(201).json({ plan })
}
