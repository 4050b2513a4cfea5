import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { PrivatePersonalBodyType, PrivateReadQueryType } from "../../../../admin/mlm/private/validators"
import { privacyActorOf, storePrivateView } from "../../../../admin/mlm/private/views"
import { withConflictMessage } from "../../../../conflict-response"
import { callerDistributorOr404, mlmService } from "../../../../mlm-service"

/**
 * The caller's own personal data; its scope is the token's customer, no id is taken from the
 * request. Masked unless `?reveal=true` (audited as data_viewed, like an admin's reveal).
 */
export const GET = withConflictMessage(async function readMyPrivate(
  req: AuthenticatedMedusaRequest<unknown, PrivateReadQueryType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const result = await mlm.readPrivateData({
    distributor_id: distributor.id,
    reveal: req.validatedQuery.reveal,
    actor: privacyActorOf(req, "customer"),
  })
  res.json({ private: storePrivateView(result) })
})

export const PUT = withConflictMessage(async function writeMyPrivate(
  req: AuthenticatedMedusaRequest<PrivatePersonalBodyType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const result = await mlm.savePrivateData({
    distributor_id: distributor.id,
    changes: req.validatedBody,
    actor: privacyActorOf(req, "customer"),
  })
  res.json({ private: storePrivateView(result) })
})
