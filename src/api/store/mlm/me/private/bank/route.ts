import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { PrivateBankBodyType } from "../../../../../admin/mlm/private/validators"
import { privacyActorOf, storePrivateView } from "../../../../../admin/mlm/private/views"
import { withConflictMessage } from "../../../../../conflict-response"
import { callerDistributorOr404, mlmService } from "../../../../../mlm-service"

/** The caller's own payout bank details: provider token + last four digits, never a card number. */
export const PUT = withConflictMessage(async function setMyPayoutBank(
  req: AuthenticatedMedusaRequest<PrivateBankBodyType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const result = await mlm.savePrivateData({
    distributor_id: distributor.id,
    changes: { bank: req.validatedBody },
    actor: privacyActorOf(req, "customer"),
  })
  res.json({ private: storePrivateView(result) })
})

export const DELETE = withConflictMessage(async function clearMyPayoutBank(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const result = await mlm.savePrivateData({
    distributor_id: distributor.id,
    changes: { bank: null },
    actor: privacyActorOf(req, "customer"),
  })
  res.json({ private: storePrivateView(result) })
})
