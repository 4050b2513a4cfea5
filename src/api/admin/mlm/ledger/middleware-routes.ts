import {
  authenticate,
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { rejectDottedQueryKeys, validateRouteParams } from "../../../request-guards"
import { AdminDistributorParams } from "../distributors/validators"
import { orderCommissionQueryConfig } from "../commissions/query-config"
import { AdminCreateCommissionAdjustment, AdminOrderCommissionParams } from "../commissions/validators"
import { failedJobsQueryConfig, jobsStatusQueryConfig } from "../jobs/query-config"
import { AdminCommissionJobParams, AdminFailedJobsQuery, AdminRetryJobBody } from "../jobs/validators"
import { StoreMyCommissionsQuery } from "../../../store/mlm/me/commissions/validators"
import { balancesQueryConfig, listLedgerQueryConfig, storeLedgerQueryConfig } from "./query-config"
import { AdminListLedgerQuery, LedgerNoQuery } from "./validators"

/**
 * Middleware entries of the ledger, commission, job and balance routes (issue #4), admin and
 * store, spread into src/api/middlewares.ts. Same rules as every mlm route: strict query and
 * body, route params checked before the handler. Store routes are for a logged-in customer
 * only (never allowUnregistered: a token must have a customer behind it).
 */
const withQuery = (
  schema: Parameters<typeof validateAndTransformQuery>[0],
  config: Parameters<typeof validateAndTransformQuery>[1]
) => [rejectDottedQueryKeys, validateAndTransformQuery(schema, config)]
const orderId = validateRouteParams(AdminOrderCommissionParams)
const jobId = validateRouteParams(AdminCommissionJobParams)
const customerOnly = authenticate("customer", ["session", "bearer"])

export const ledgerMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/ledger",
    methods: ["GET"],
    middlewares: withQuery(AdminListLedgerQuery, listLedgerQueryConfig),
  },
  {
    matcher: "/admin/mlm/commissions/:order_id",
    methods: ["GET"],
    middlewares: [orderId, ...withQuery(LedgerNoQuery, orderCommissionQueryConfig)],
  },
  {
    matcher: "/admin/mlm/commissions/:order_id/adjustments",
    methods: ["POST"],
    middlewares: [
      orderId,
      ...withQuery(LedgerNoQuery, orderCommissionQueryConfig),
      validateAndTransformBody(AdminCreateCommissionAdjustment),
    ],
  },
  {
    matcher: "/admin/mlm/distributors/:id/balances",
    methods: ["GET"],
    middlewares: [validateRouteParams(AdminDistributorParams), ...withQuery(LedgerNoQuery, balancesQueryConfig)],
  },
  {
    matcher: "/admin/mlm/jobs/failed",
    methods: ["GET"],
    middlewares: withQuery(AdminFailedJobsQuery, failedJobsQueryConfig),
  },
  {
    matcher: "/admin/mlm/jobs/status",
    methods: ["GET"],
    middlewares: withQuery(LedgerNoQuery, jobsStatusQueryConfig),
  },
  {
    matcher: "/admin/mlm/jobs/:job_id/retry",
    methods: ["POST"],
    middlewares: [jobId, ...withQuery(LedgerNoQuery, jobsStatusQueryConfig), validateAndTransformBody(AdminRetryJobBody)],
  },
  {
    matcher: "/store/mlm/me/commissions",
    methods: ["GET"],
    middlewares: [customerOnly, ...withQuery(StoreMyCommissionsQuery, storeLedgerQueryConfig)],
  },
  {
    matcher: "/store/mlm/me/balances",
    methods: ["GET"],
    middlewares: [customerOnly, ...withQuery(LedgerNoQuery, balancesQueryConfig)],
  },
]
