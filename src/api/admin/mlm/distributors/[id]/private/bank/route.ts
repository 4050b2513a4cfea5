import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../../conflict-response"
import { mlmService } from "../../../../../../mlm-service"
import type { PrivateBankBodyType } from "../../../../private/validators"
import { adminPrivateView, privacyActorOf } from "../../../../private/views"

/**
 * Payout bank details, apart from the other personal fields because they move money: a
 * provider token plus the last four digits; a card number is refused (400). Reaching these
 * handlers takes `payouts.write`, so the answer shows the (masked) bank details.
 */
export const PUT = withConflictMessage(async function setPayoutBank(
  req: AuthenticatedMedusaRequest<PrivateBankBodyType>,
  res: MedusaResponse
) {
  const result = await mlmService(req.scope).savePrivateData({
    distributor_id: req.params.id,
    changes: { bank: req.validatedBody },
    actor: privacyActorOf(req, "user"),
  })
  res.json({ private: adminPrivateView(result, true) })
})

export const DELETE = withConflictMessage(async function clearPayoutBank(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const result = await mlmService(req.scope).savePrivateData({
    distributor_id: req.params.id,
    changes: { bank: null },
    actor: privacyActorOf(req, "user"),
  })
  res.json({ private: adminPrivateView(result, true) })
})
