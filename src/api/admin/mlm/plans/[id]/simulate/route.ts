import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../../mlm-service"
import type { AdminSimulatePlanType } from "../../validators"

/** What-if: the engine's result for the draft on a posted network or a live sample; writes nothing. */
export async function POST(req: AuthenticatedMedusaRequest<AdminSimulatePlanType>, res: MedusaResponse) {
  const { members, events, sample } = req.validatedBody
  const input = sample ? { sample } : { members: members ?? [], events: events ?? [] }
  res.json(await mlmService(req.scope).simulatePlanDraft(req.params.id, input))
}
