import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../../mlm-service"

/** Every version activated from this plan, oldest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ plan_versions: await mlmService(req.scope).listPlanVersions(req.params.id) })
}
