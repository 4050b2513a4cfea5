import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../../request-guards"
import { requireRecentMfa } from "../../../../security/mfa-middleware"
import { AdminLedgerExportQuery } from "./validators"

/**
 * GET /admin/mlm/ledger/export (route.ts), spread into src/api/middlewares.ts. The permission
 * gate (`exports`) and the session MFA gate run before any method-specific entry; this adds the
 * step-up (a challenge in the last 5 minutes: exports are sensitive) ahead of validation.
 */
export const ledgerExportMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/ledger/export",
    methods: ["GET"],
    middlewares: [
      requireRecentMfa(300),
      rejectDottedQueryKeys,
      validateAndTransformQuery(AdminLedgerExportQuery, { defaults: [], allowed: [], isList: false }),
    ],
  },
]
