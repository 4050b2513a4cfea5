import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../conflict-response"
import { mlmService } from "../../../../mlm-service"
import { revokeRole, setRole } from "../../../../security/admin-roles"
import { actorOf, existingUserEmailOr404, roleView } from "../role-views"
import type { AdminSetRoleType } from "../validators"

/**
 * Grants or changes a user's MLM role. The user must exist in Medusa's user module (404);
 * demoting the last admin is a 409. Audited as privilege_permissions_changed (before, after).
 */
export const PUT = withConflictMessage(async function setMlmRole(
  req: AuthenticatedMedusaRequest<AdminSetRoleType>,
  res: MedusaResponse
) {
  const userId = req.params.user_id
  const email = await existingUserEmailOr404(req.scope, userId)
  const db = (await mlmService(req.scope).commissions()).db
  const change = await setRole(db, userId, req.validatedBody.role, actorOf(req))
  res.json({ role: roleView(change.row, email), previous_role: change.before })
})

/** Revokes the user's MLM role: 404 when it has none, 409 for the last admin. */
export const DELETE = withConflictMessage(async function revokeMlmRole(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const userId = req.params.user_id
  const db = (await mlmService(req.scope).commissions()).db
  const change = await revokeRole(db, userId, actorOf(req))
  res.json({ user_id: userId, object: "mlm_role", deleted: true, previous_role: change.before })
})
