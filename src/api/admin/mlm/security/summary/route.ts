import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../mlm-service"
import { selectSecuritySummary } from "../security-summary-sql"

/** MFA adoption of the MLM role holders and of the distributors (counts; roles.read). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const db = (await mlmService(req.scope).commissions()).db
  res.json(await selectSecuritySummary(db.exec))
}
