import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { commissionGateway } from "../../ledger/ledger-access"
import type { AdminFailedJobsQueryType } from "../validators"

/**
 * Commission jobs that used up their retries. Without Redis configured nothing runs through a
 * queue, so nothing can fail there: an empty page.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminFailedJobsQueryType>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery
  const { jobs, count } = await (await commissionGateway(req.scope)).listFailed(offset, limit)
  res.json({ jobs, count, limit, offset })
}
