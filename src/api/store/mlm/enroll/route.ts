import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { withConflictMessage } from "../../../conflict-response"
import { storeOwnDistributorView } from "../../../distributor-views"
import { mlmService, referralLink, sponsorReferralCode } from "../../../mlm-service"
import type { StoreEnrollType } from "../validators"

/**
 * A logged-in customer becomes a distributor under the owner of `referral_code`. Unknown,
 * pending, suspended and terminated codes are 400s saying which; a second enrollment is a 409
 * (the module guarantees one distributor per customer even under concurrent calls).
 */
export const POST = withConflictMessage(async function enroll(
  req: AuthenticatedMedusaRequest<StoreEnrollType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const customerId = req.auth_context.actor_id
  const { distributor, created } = await mlm.enroll({
    customer_id: customerId,
    referral_code: req.validatedBody.referral_code,
    source: "store_api",
    actor_id: customerId,
  })
  if (!created) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "You are already a distributor")
  }
  res.status(201).json({
    distributor: storeOwnDistributorView({
      distributor,
      referralLink: referralLink(mlm, distributor.referral_code),
      sponsorReferralCode: await sponsorReferralCode(mlm, distributor),
      downlineCounts: [],
    }),
  })
})
