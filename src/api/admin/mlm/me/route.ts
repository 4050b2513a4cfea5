import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../mlm-service"
import { mfaActorOf, sessionHashOf } from "../../../security/mfa-middleware"
import { mlmAccessOf } from "../../../security/permission-middleware"
import { ROLE_PERMISSIONS } from "../../../security/permissions"

/**
 * The caller as the MLM admin sees it: its role, what the role grants (the admin UI hides what it
 * cannot do) and this session's MFA state. The permission gate has already read the role; a
 * caller without one never gets here (403).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const role = mlmAccessOf(req)!.role
  const actor = mfaActorOf(req)!
  const gate = await mlmService(req.scope).getMfaGate(actor, sessionHashOf(req, actor)!)
  res.json({
    user_id: actor.actor_id,
    role,
    permissions: ROLE_PERMISSIONS[role],
    mfa: {
      factor: gate.factor,
      recovery_codes_left: gate.recovery_codes_left,
      locked_for_seconds: gate.locked_for_seconds,
      challenge: gate.completed_at
        ? { completed_at: gate.completed_at, expires_at: gate.expires_at, age_seconds: gate.challenge_age_seconds }
        : null,
    },
  })
}
