import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { periodRunView, withPeriodRuns } from "../period-run-access"

/** One run: status, phase, progress (0–100), summary once computed, error once failed. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const run = await withPeriodRuns(req.scope, (runs) => runs.get(req.params.id))
  res.json({ period_run: periodRunView(run) })
}
