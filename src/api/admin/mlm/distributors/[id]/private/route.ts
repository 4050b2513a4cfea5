import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { mlmService } from "../../../../../mlm-service"
import type { PrivatePersonalBodyType, PrivateReadQueryType } from "../../../private/validators"
import { adminPrivateView, maySeePayouts, privacyActorOf } from "../../../private/views"

/**
 * A distributor's personal data (docs/security.md): masked by default; `?reveal=true` answers
 * plaintext and is audited as data_viewed. A stored value that does not authenticate (tampered,
 * or moved from another row) is a 409, never a 500.
 */
export const GET = withConflictMessage(async function readDistributorPrivate(
  req: AuthenticatedMedusaRequest<unknown, PrivateReadQueryType>,
  res: MedusaResponse
) {
  const showBank = maySeePayouts(req)
  const result = await mlmService(req.scope).readPrivateData({
    distributor_id: req.params.id,
    reveal: req.validatedQuery.reveal,
    actor: privacyActorOf(req, "user"),
    hide_bank: !showBank,
  })
  res.json({ private: adminPrivateView(result, showBank) })
})

/** tax_id, date_of_birth, phone (absent = unchanged, null = cleared); audited as data_updated. */
export const PUT = withConflictMessage(async function writeDistributorPrivate(
  req: AuthenticatedMedusaRequest<PrivatePersonalBodyType>,
  res: MedusaResponse
) {
  const result = await mlmService(req.scope).savePrivateData({
    distributor_id: req.params.id,
    changes: req.validatedBody,
    actor: privacyActorOf(req, "user"),
  })
  res.json({ private: adminPrivateView(result, maySeePayouts(req)) })
})
