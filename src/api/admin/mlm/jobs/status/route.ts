import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { commissionGateway } from "../../ledger/ledger-access"

/** Whether a queue and a worker are there, the queue's counts, and the outbox by state. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await (await commissionGateway(req.scope)).status())
}
