import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../conflict-response"
import { periodRunView, withPeriodRuns } from "./period-run-access"
import type { AdminCreatePeriodRunType, AdminListPeriodRunsQueryType } from "./validators"

/** Period runs, newest first, optionally of one status. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListPeriodRunsQueryType>, res: MedusaResponse) {
  const { limit, offset, status } = req.validatedQuery
  const { rows, count } = await withPeriodRuns(req.scope, (runs) => runs.list({ limit, offset, status: status ?? null }))
  res.json({ period_runs: rows.map(periodRunView), count, limit, offset })
}

/**
 * Runs a period: creates its run (with the plan version in force at the period's end) and queues
 * it; a run that exists already and is not closed is run again. 202: the run continues in the
 * background; poll GET /admin/mlm/period-runs/:id for its progress.
 */
export const POST = withConflictMessage(async function createPeriodRun(
  req: AuthenticatedMedusaRequest<AdminCreatePeriodRunType>,
  res: MedusaResponse
) {
  const { run, created } = await withPeriodRuns(req.scope, (runs) => runs.create(req.validatedBody))
  res.status(202).json({ period_run: periodRunView(run), created })
})
