import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { auditMiddlewareRoutes } from "./admin/mlm/audit/middleware-routes"
import {
  listDistributorsQueryConfig,
  listDownlineQueryConfig,
  retrieveDistributorQueryConfig,
} from "./admin/mlm/distributors/query-config"
import {
  AdminCreateDistributor,
  AdminDistributorDetailQuery,
  AdminDistributorHistoryQuery,
  AdminDistributorParams,
  AdminDownlineQuery,
  AdminListDistributorsQuery,
  AdminMoveDistributor,
  AdminSetDistributorStatus,
} from "./admin/mlm/distributors/validators"
import { listEnrollmentsQueryConfig } from "./admin/mlm/enrollments/query-config"
import { AdminListEnrollmentsQuery } from "./admin/mlm/enrollments/validators"
import { ledgerMiddlewareRoutes } from "./admin/mlm/ledger/middleware-routes"
import { ledgerExportMiddlewareRoutes } from "./admin/mlm/ledger/export/middleware-routes"
import { meMiddlewareRoutes } from "./admin/mlm/me/middleware-routes"
import { overviewMiddlewareRoutes } from "./admin/mlm/overview/middleware-routes"
import { periodRunMiddlewareRoutes } from "./admin/mlm/period-runs/middleware-routes"
import { planMiddlewareRoutes } from "./admin/mlm/plans/middleware-routes"
import { privacyMiddlewareRoutes } from "./admin/mlm/private/middleware-routes"
import { roleMiddlewareRoutes } from "./admin/mlm/roles/middleware-routes"
import { securityMiddlewareRoutes } from "./admin/mlm/security/middleware-routes"
import { permissionMiddlewareRoutes } from "./security/permission-middleware"
import { securityHeaderRoutes } from "./security/security-headers"
import { mfaMiddlewareRoutes } from "./security/mfa-routes"
import { rejectDottedQueryKeys, validateRouteParams } from "./request-guards"
import { backOfficeMiddlewareRoutes } from "./store/mlm/me/volumes/back-office-middleware-routes"
import { storeDownlineQueryConfig, storeMeQueryConfig } from "./store/mlm/query-config"
import { StoreEnroll, StoreMeQuery, StoreMyDownlineQuery } from "./store/mlm/validators"

// Every mlm route validates its query (strict: unknown parameters are 400s) and, for writes,
// its body; `:id` routes validate the id first. /admin is authenticated as a user by Medusa.
const distributorId = validateRouteParams(AdminDistributorParams)
const withQuery = (schema: Parameters<typeof validateAndTransformQuery>[0], config: Parameters<typeof validateAndTransformQuery>[1]) => [
  rejectDottedQueryKeys,
  validateAndTransformQuery(schema, config),
]
const noQuery = withQuery(AdminDistributorHistoryQuery, { isList: false })

const adminRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/distributors",
    methods: ["GET"],
    middlewares: withQuery(AdminListDistributorsQuery, listDistributorsQueryConfig),
  },
  {
    matcher: "/admin/mlm/distributors",
    methods: ["POST"],
    middlewares: [...noQuery, validateAndTransformBody(AdminCreateDistributor)],
  },
  {
    matcher: "/admin/mlm/distributors/:id",
    methods: ["GET"],
    middlewares: [distributorId, ...withQuery(AdminDistributorDetailQuery, retrieveDistributorQueryConfig)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/downline",
    methods: ["GET"],
    middlewares: [distributorId, ...withQuery(AdminDownlineQuery, listDownlineQueryConfig)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/status",
    methods: ["POST"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(AdminSetDistributorStatus)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/move",
    methods: ["POST"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(AdminMoveDistributor)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/history",
    methods: ["GET"],
    middlewares: [distributorId, ...noQuery],
  },
  {
    matcher: "/admin/mlm/enrollments",
    methods: ["GET"],
    middlewares: withQuery(AdminListEnrollmentsQuery, listEnrollmentsQueryConfig),
  },
]

// Store routes: the publishable key is checked by Medusa for all of /store; these are for a
// logged-in customer only (never allowUnregistered: a token must have a customer behind it).
const customerOnly = authenticate("customer", ["session", "bearer"])

const storeRoutes: MiddlewareRoute[] = [
  {
    matcher: "/store/mlm/me",
    methods: ["GET"],
    middlewares: [customerOnly, ...withQuery(StoreMeQuery, storeMeQueryConfig)],
  },
  {
    matcher: "/store/mlm/me/downline",
    methods: ["GET"],
    middlewares: [customerOnly, ...withQuery(StoreMyDownlineQuery, storeDownlineQueryConfig)],
  },
  {
    matcher: "/store/mlm/enroll",
    methods: ["POST"],
    middlewares: [
      customerOnly,
      ...withQuery(StoreMeQuery, storeMeQueryConfig),
      validateAndTransformBody(StoreEnroll),
    ],
  },
]

// The permission gate (src/api/security/permissions.ts) comes first: a global mount on /admin/mlm.
// MFA and the abuse limits (src/api/security/mfa-routes.ts) next, ahead of every validator.
export default defineMiddlewares({
  routes: [
    ...permissionMiddlewareRoutes,
    // Mounted on /admin and /store: Medusa runs them before the gates (security-headers.ts).
    ...securityHeaderRoutes,
    ...mfaMiddlewareRoutes,
    ...adminRoutes,
    ...planMiddlewareRoutes,
    ...ledgerMiddlewareRoutes,
    ...ledgerExportMiddlewareRoutes,
    ...periodRunMiddlewareRoutes,
    ...privacyMiddlewareRoutes,
    ...roleMiddlewareRoutes,
    ...securityMiddlewareRoutes,
    ...auditMiddlewareRoutes,
    ...meMiddlewareRoutes,
    ...overviewMiddlewareRoutes,
    ...storeRoutes,
    ...backOfficeMiddlewareRoutes,
  ],
})
