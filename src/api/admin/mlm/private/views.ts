import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { PrivacyActor, PrivateDataResult } from "../../../../modules/mlm/security/privacy"
import { mlmAccessOf } from "../../../security/permission-middleware"
import { roleGrants } from "../../../security/permissions"

/**
 * What each audience sees of personal data (OWASP API3): an admin also sees which other
 * accounts share the tax ID and who last changed the record; a distributor sees only its own
 * fields. Payout details (bank token and last four) are shown only to a role with
 * `payouts.read` (support keeps distributor records but sees no money).
 */

/** Whether the admin behind this request may see payout details. */
export function maySeePayouts(req: AuthenticatedMedusaRequest): boolean {
  const access = mlmAccessOf(req)
  return access !== undefined && roleGrants(access.role, "payouts.read")
}

export function adminPrivateView(result: PrivateDataResult, showBank: boolean) {
  return {
    distributor_id: result.distributor_id,
    revealed: result.revealed,
    erased_at: result.erased_at,
    ...result.values,
    bank: showBank ? result.values.bank : null,
    bank_hidden: !showBank || result.bank_hidden,
    tax_id_shared_with: result.tax_id_shared_with,
    updated_by: result.updated_by,
    updated_at: result.updated_at,
  }
}

export function storePrivateView(result: PrivateDataResult) {
  return {
    revealed: result.revealed,
    erased_at: result.erased_at,
    ...result.values,
    updated_at: result.updated_at,
  }
}

/** The caller as the audit trail records it. */
export function privacyActorOf(req: AuthenticatedMedusaRequest, type: PrivacyActor["type"]): PrivacyActor {
  return { type, id: req.auth_context.actor_id, ip: req.ip ?? null, user_agent: req.get("user-agent") ?? null }
}
