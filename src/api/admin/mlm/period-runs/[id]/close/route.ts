import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { periodRunView, withPeriodRuns } from "../../period-run-access"

/**
 * Closes a computed run: its results become available ledger lines and the ranks it reached
 * become the distributors' ranks; the run is frozen. 409 when it is not computed, already
 * closed, its period has not ended or an earlier period is still open.
 */
export const POST = withConflictMessage(async function closePeriod(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const outcome = await withPeriodRuns(req.scope, (runs) => runs.close(req.params.id, req.auth_context.actor_id ?? null))
  res.json({ period_run: periodRunView(outcome.run), posted_lines: outcome.posted_lines, ranks_changed: outcome.ranks_changed })
})
