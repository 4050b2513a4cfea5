import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { storeOwnDistributorView } from "../../../distributor-views"
import {
  callerDistributorOr404,
  downlineDepth,
  mlmService,
  referralLink,
  sponsorReferralCode,
} from "../../../mlm-service"

/** The caller's own distributor record. Its scope is the token's customer, nothing else. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const mlm = mlmService(req.scope)
  const distributor = await callerDistributorOr404(mlm, req.auth_context.actor_id)
  const [sponsorCode, downlineCounts] = await Promise.all([
    sponsorReferralCode(mlm, distributor),
    mlm.getDownlineLevelCounts(distributor.id, { max_depth: downlineDepth(mlm, undefined) }),
  ])
  res.json({
    distributor: storeOwnDistributorView({
      distributor,
      referralLink: referralLink(mlm, distributor.referral_code),
      sponsorReferralCode: sponsorCode,
      downlineCounts,
    }),
  })
}
