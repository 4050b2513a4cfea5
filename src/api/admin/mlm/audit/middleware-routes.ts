import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { requireRecentMfa } from "../../../security/mfa-middleware"
import { AdminAuditExportQuery, AdminAuditListQuery, AdminAuditVerifyQuery, auditQueryConfig } from "./validators"

/**
 * Middleware entries of the audit trail routes (docs/security.md, "Audit trail"), spread into
 * src/api/middlewares.ts. The permission gate (audit.read: finance, admin) and the MFA gate run
 * before these; the SIEM export is an export, so it needs a challenge in the last 5 minutes too.
 */
const withQuery = (schema: Parameters<typeof validateAndTransformQuery>[0]) => [
  rejectDottedQueryKeys,
  validateAndTransformQuery(schema, auditQueryConfig),
]

export const auditMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/admin/mlm/audit", methods: ["GET"], middlewares: withQuery(AdminAuditListQuery) },
  { matcher: "/admin/mlm/audit/verify", methods: ["GET"], middlewares: withQuery(AdminAuditVerifyQuery) },
  { matcher: "/admin/mlm/audit/export", methods: ["GET"], middlewares: [requireRecentMfa(), ...withQuery(AdminAuditExportQuery)] },
]
