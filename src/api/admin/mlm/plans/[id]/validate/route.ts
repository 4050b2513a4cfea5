import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../../mlm-service"

/** Checks the draft against the engine's plan schema: 200 with every issue, path first. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await mlmService(req.scope).validatePlanDraft(req.params.id))
}
