import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../mlm-service"
import { mfaActorOf, mfaCallContext, sessionHashOf } from "../../../../security/mfa-middleware"
import type { AdminMfaResetBodyType } from "../validators"

/**
 * An administrator resets another account's MFA factor (docs/security.md, "MFA and abuse
 * limits"): the way out of the lock that the 100th consecutive failure sets, or of a lost device
 * without recovery codes. The factor and every completed challenge of the account are deleted
 * (audited `authn_mfa_reset`, with who did it); the account enrolls again at its next request.
 * roles.write and a recent challenge (step-up) are checked before this runs.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminMfaResetBodyType>, res: MedusaResponse) {
  const target = req.validatedBody
  // The gates let only a user with a session or token through; this is that user.
  const actor = mfaActorOf(req)!
  if (target.actor_type === actor.actor_type && target.actor_id === actor.actor_id) {
    res.status(400).json({ type: "invalid_data", message: "This is your own account: replace your own factor at /admin/mlm/mfa/enroll" })
    return
  }
  const ctx = mfaCallContext(req, actor, sessionHashOf(req, actor)!)
  const reset = await mlmService(req.scope).resetMfa({ ...ctx, target })
  if (!reset) {
    res.status(404).json({ type: "not_found", message: `${target.actor_type} ${target.actor_id} has no MFA factor` })
    return
  }
  res.json({ actor_type: target.actor_type, actor_id: target.actor_id, reset: true })
}
