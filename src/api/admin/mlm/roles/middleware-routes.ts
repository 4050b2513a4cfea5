import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys, validateRouteParams } from "../../../request-guards"
import { listRolesQueryConfig, roleQueryConfig } from "./query-config"
import { AdminListRolesQuery, AdminRoleNoQuery, AdminRoleParams, AdminSetRole } from "./validators"

/**
 * Middleware entries of the MLM role routes (docs/security.md), spread into src/api/middlewares.ts.
 * The permission gate (roles.read / roles.write, admin only) runs before these.
 */
const userId = validateRouteParams(AdminRoleParams)
const noQuery = [rejectDottedQueryKeys, validateAndTransformQuery(AdminRoleNoQuery, roleQueryConfig)]

export const roleMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/roles",
    methods: ["GET"],
    middlewares: [rejectDottedQueryKeys, validateAndTransformQuery(AdminListRolesQuery, listRolesQueryConfig)],
  },
  {
    matcher: "/admin/mlm/roles/:user_id",
    methods: ["PUT"],
    middlewares: [userId, ...noQuery, validateAndTransformBody(AdminSetRole)],
  },
  {
    matcher: "/admin/mlm/roles/:user_id",
    methods: ["DELETE"],
    middlewares: [userId, ...noQuery],
  },
]
