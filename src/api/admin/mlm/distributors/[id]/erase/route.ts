import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../../mlm-service"
import type { PrivateEraseBodyType } from "../../../private/validators"
import { privacyActorOf } from "../../../private/views"

/**
 * Right to erasure: personal data deleted and its data key shredded, the node kept anonymised,
 * ledger amounts kept; audited as data_deleted. Irreversible and idempotent: a repeated call
 * answers 200 with the first erasure's time and `already_erased: true`, changing nothing.
 * The Medusa customer is not touched: the merchant erases it with Medusa's own tools.
 */
export async function POST(req: AuthenticatedMedusaRequest<PrivateEraseBodyType>, res: MedusaResponse) {
  const erasure = await mlmService(req.scope).eraseDistributor({
    distributor_id: req.params.id,
    reason: req.validatedBody.reason,
    actor: privacyActorOf(req, "user"),
  })
  res.json({ erasure })
}
