import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withPeriodRuns } from "../../period-run-access"
import type { AdminPeriodResultsQueryType } from "../../validators"

/** The lines the run computed (posted to the ledger when it closes), by distributor, a page at a time. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminPeriodResultsQueryType>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery
  const { run, rows, count } = await withPeriodRuns(req.scope, (runs) => runs.results(req.params.id, { limit, offset }))
  res.json({
    period_run: { id: run.id, period_key: run.period_key, currency_code: run.currency_code, status: run.status },
    results: rows,
    count,
    limit,
    offset,
  })
}
