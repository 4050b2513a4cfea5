import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys, validateRouteParams } from "../../../request-guards"
import { listPeriodResultsQueryConfig, listPeriodRunsQueryConfig, retrievePeriodRunQueryConfig } from "./query-config"
import {
  AdminCreatePeriodRun,
  AdminListPeriodRunsQuery,
  AdminPeriodResultsQuery,
  AdminPeriodRunNoBody,
  AdminPeriodRunNoQuery,
  AdminPeriodRunParams,
} from "./validators"

/**
 * Middleware entries of the period run routes (issue #4, docs/periods.md), spread into
 * src/api/middlewares.ts. Same rules as every mlm route: strict query and body, the run id
 * checked before the handler.
 */
const runId = validateRouteParams(AdminPeriodRunParams)
const withQuery = (schema: Parameters<typeof validateAndTransformQuery>[0], config: Parameters<typeof validateAndTransformQuery>[1]) => [
  rejectDottedQueryKeys,
  validateAndTransformQuery(schema, config),
]
const noQuery = withQuery(AdminPeriodRunNoQuery, retrievePeriodRunQueryConfig)

export const periodRunMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/period-runs",
    methods: ["GET"],
    middlewares: withQuery(AdminListPeriodRunsQuery, listPeriodRunsQueryConfig),
  },
  {
    matcher: "/admin/mlm/period-runs",
    methods: ["POST"],
    middlewares: [...noQuery, validateAndTransformBody(AdminCreatePeriodRun)],
  },
  {
    matcher: "/admin/mlm/period-runs/:id",
    methods: ["GET"],
    middlewares: [runId, ...noQuery],
  },
  {
    matcher: "/admin/mlm/period-runs/:id/rerun",
    methods: ["POST"],
    middlewares: [runId, ...noQuery, validateAndTransformBody(AdminPeriodRunNoBody)],
  },
  {
    matcher: "/admin/mlm/period-runs/:id/close",
    methods: ["POST"],
    middlewares: [runId, ...noQuery, validateAndTransformBody(AdminPeriodRunNoBody)],
  },
  {
    matcher: "/admin/mlm/period-runs/:id/results",
    methods: ["GET"],
    middlewares: [runId, ...withQuery(AdminPeriodResultsQuery, listPeriodResultsQueryConfig)],
  },
]
