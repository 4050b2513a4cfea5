import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { periodRunView, withPeriodRuns } from "../../period-run-access"

/** Computes the run again, replacing its results; 409 once it is closed. */
export const POST = withConflictMessage(async function rerunPeriod(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const run = await withPeriodRuns(req.scope, (runs) => runs.rerun(req.params.id))
  res.status(202).json({ period_run: periodRunView(run) })
})
