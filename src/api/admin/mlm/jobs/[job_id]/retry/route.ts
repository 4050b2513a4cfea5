import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { commissionGateway } from "../../../ledger/ledger-access"

/** Puts one failed job back in the queue (and its outbox row back to pending). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jobId = req.params.job_id
  const retried = await (await commissionGateway(req.scope)).retryFailed(jobId)
  if (!retried) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Failed commission job ${jobId} was not found`)
  }
  res.json({ retried: true })
}
