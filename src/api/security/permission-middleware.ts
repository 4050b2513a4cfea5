import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { recordAudit } from "../../modules/mlm/security/audit"
import { mlmService } from "../mlm-service"
import { roleOfUser } from "./admin-roles"
import { type MlmRole, type Permission, roleGrants } from "./permissions"
import { lookupRoutePermission } from "./route-permission-lookup"

/**
 * The one gate in front of every /admin/mlm route (docs/security.md "Roles and permissions"):
 * the caller must be a Medusa user with a plugin-stored MLM role, the route must be in the
 * permission table, and the role must grant the route's permission. Anything else is a 403, and
 * the refusal is appended to the audit trail as `authz_fail` (outcome denied) in its own
 * statement, since the request changes nothing the refusal could commit with.
 */

export const NO_MLM_ROLE_MESSAGE = "You have no MLM role; an MLM admin must grant one"
export const UNDECLARED_ROUTE_MESSAGE = "This MLM route declares no permission; it is denied by default"
export const roleLacksPermissionMessage = (role: MlmRole, permission: Permission) =>
  `Your MLM role (${role}) does not grant the permission ${permission}`

export type MlmAccess = { role: MlmRole; permission: Permission }
type GuardedRequest = AuthenticatedMedusaRequest & { mlmAccess?: MlmAccess }

/** The role and permission the gate admitted this request with. */
export function mlmAccessOf(req: AuthenticatedMedusaRequest): MlmAccess | undefined {
  return (req as GuardedRequest).mlmAccess
}

export async function requireMlmPermission(
  req: AuthenticatedMedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
): Promise<void> {
  const path = (req.originalUrl ?? req.url).split("?")[0]
  const route = lookupRoutePermission(req.method, path)
  const actor = req.auth_context
  const db = (await mlmService(req.scope).commissions()).db
  // Only a user can hold a role: a secret API key (actor_type "api-key") has none.
  const role = actor?.actor_type === "user" && actor.actor_id ? await roleOfUser(db.exec, actor.actor_id) : null

  let refusal: string | null = null
  if (!role) refusal = NO_MLM_ROLE_MESSAGE
  else if (!route) refusal = UNDECLARED_ROUTE_MESSAGE
  else if (!roleGrants(role, route.permission)) refusal = roleLacksPermissionMessage(role, route.permission)

  if (refusal === null) {
    ;(req as GuardedRequest).mlmAccess = { role: role!, permission: route!.permission }
    return next()
  }
  try {
    await recordAudit(db.exec, {
      event: "authz_fail",
      actor_type: actor?.actor_type === "user" ? "user" : null,
      actor_id: actor?.actor_id ?? null,
      target_type: "route",
      target_id: route?.matcher ?? null,
      ip: req.ip ?? null,
      user_agent: req.get("user-agent") ?? null,
      outcome: "denied",
      after: { method: req.method, path: path.slice(0, 500), permission: route?.permission ?? null, role },
    })
  } catch (error) {
    // The request is refused either way; a lost audit row must be visible in the logs.
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`mlm: could not audit a denied request: ${(error as Error).message}`)
  }
  next(new MedusaError(MedusaError.Types.FORBIDDEN, refusal))
}

/**
 * Registered without methods, so Medusa mounts it with `app.use` before every method-specific
 * middleware (body and query validation included): a caller without the permission learns
 * nothing from validation messages. "/admin/mlm" as a mount path covers the path and all below it.
 */
export const permissionMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/admin/mlm", middlewares: [requireMlmPermission] },
]
