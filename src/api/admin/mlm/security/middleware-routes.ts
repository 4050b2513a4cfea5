import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { AdminMfaResetBody, AdminSecurityNoQuery } from "./validators"

/**
 * The security routes, spread into src/api/middlewares.ts: GET /admin/mlm/security/summary
 * (roles.read) and POST /admin/mlm/security/mfa-resets (roles.write, step-up in
 * src/api/security/mfa-routes.ts). The permission gate and the MFA gate run before these.
 */
const noQuery = [rejectDottedQueryKeys, validateAndTransformQuery(AdminSecurityNoQuery, { isList: false })]

export const securityMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/admin/mlm/security/summary", methods: ["GET"], middlewares: noQuery },
  { matcher: "/admin/mlm/security/mfa-resets", methods: ["POST"], middlewares: [...noQuery, validateAndTransformBody(AdminMfaResetBody)] },
]
