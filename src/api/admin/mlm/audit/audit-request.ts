import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { SqlDb } from "../../../../modules/mlm/commissions/sql-db"
import type { AuditContext } from "../../../../modules/mlm/security/audit-context"
import { mlmService } from "../../../mlm-service"

/**
 * The caller as the audit trail records it: routes that change something pass this to the
 * module service (`audit`), which appends the row in the change's transaction.
 */
export function auditContextOf(req: AuthenticatedMedusaRequest): AuditContext {
  return {
    actor_type: req.auth_context.actor_type === "customer" ? "customer" : "user",
    actor_id: req.auth_context.actor_id,
    ip: req.ip ?? null,
    user_agent: req.get("user-agent") ?? null,
  }
}

/** The audit trail is read on the module's own database handle, as the role routes do. */
export async function auditDb(scope: MedusaContainer): Promise<SqlDb> {
  return (await mlmService(scope).commissions()).db
}
