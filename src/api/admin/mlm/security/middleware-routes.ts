import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { AdminSecuritySummaryQuery } from "./validators"

/**
 * GET /admin/mlm/security/summary, spread into src/api/middlewares.ts. The permission gate
 * (roles.read: admin) and the MFA gate run before it.
 */
export const securityMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/security/summary",
    methods: ["GET"],
    middlewares: [rejectDottedQueryKeys, validateAndTransformQuery(AdminSecuritySummaryQuery, { isList: false })],
  },
]
