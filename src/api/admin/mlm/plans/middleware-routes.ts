import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { rejectDottedQueryKeys, validateRouteParams } from "../../../request-guards"
import { activePlanVersionQueryConfig } from "../plan-versions/query-config"
import { AdminActivePlanVersionQuery } from "../plan-versions/validators"
import { variantCvQueryConfig } from "../variants/query-config"
import {
  AdminListVariantCvQuery,
  AdminSetVariantCv,
  AdminVariantCvNoQuery,
  AdminVariantParams,
} from "../variants/validators"
import { listPlansQueryConfig, listPlanVersionsQueryConfig, retrievePlanQueryConfig } from "./query-config"
import {
  AdminActivatePlan,
  AdminCreatePlan,
  AdminListPlansQuery,
  AdminPlanNoQuery,
  AdminPlanParams,
  AdminSimulatePlan,
  AdminUpdatePlan,
  AdminValidatePlan,
} from "./validators"

/**
 * Middleware entries of the plan, plan-version and variant CV routes (issue #4, docs/plans.md),
 * gathered here and spread into src/api/middlewares.ts. Same rules as every mlm route: strict
 * query and body, ids checked before the handler. Drafts may be 256 kB and a simulated network
 * up to 5000 members and 50000 events, above Express' default 100 kB body limit.
 */
const planId = validateRouteParams(AdminPlanParams)
const variantId = validateRouteParams(AdminVariantParams)
const withQuery = (schema: Parameters<typeof validateAndTransformQuery>[0], config: Parameters<typeof validateAndTransformQuery>[1]) => [
  rejectDottedQueryKeys,
  validateAndTransformQuery(schema, config),
]
const noPlanQuery = withQuery(AdminPlanNoQuery, { isList: false })
const draftBodyLimit = { sizeLimit: "300kb" }

export const planMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/plans",
    methods: ["GET"],
    middlewares: withQuery(AdminListPlansQuery, listPlansQueryConfig),
  },
  {
    matcher: "/admin/mlm/plans",
    methods: ["POST"],
    bodyParser: draftBodyLimit,
    middlewares: [...noPlanQuery, validateAndTransformBody(AdminCreatePlan)],
  },
  {
    matcher: "/admin/mlm/plans/:id",
    methods: ["GET"],
    middlewares: [planId, ...withQuery(AdminPlanNoQuery, retrievePlanQueryConfig)],
  },
  {
    matcher: "/admin/mlm/plans/:id",
    methods: ["POST"],
    bodyParser: draftBodyLimit,
    middlewares: [planId, ...noPlanQuery, validateAndTransformBody(AdminUpdatePlan)],
  },
  {
    matcher: "/admin/mlm/plans/:id/validate",
    methods: ["POST"],
    middlewares: [planId, ...noPlanQuery, validateAndTransformBody(AdminValidatePlan)],
  },
  {
    matcher: "/admin/mlm/plans/:id/simulate",
    methods: ["POST"],
    bodyParser: { sizeLimit: "10mb" },
    middlewares: [planId, ...noPlanQuery, validateAndTransformBody(AdminSimulatePlan)],
  },
  {
    matcher: "/admin/mlm/plans/:id/activate",
    methods: ["POST"],
    middlewares: [planId, ...noPlanQuery, validateAndTransformBody(AdminActivatePlan)],
  },
  {
    matcher: "/admin/mlm/plans/:id/versions",
    methods: ["GET"],
    middlewares: [planId, ...withQuery(AdminPlanNoQuery, listPlanVersionsQueryConfig)],
  },
  {
    matcher: "/admin/mlm/plan-versions/active",
    methods: ["GET"],
    middlewares: withQuery(AdminActivePlanVersionQuery, activePlanVersionQueryConfig),
  },
  {
    matcher: "/admin/mlm/variants/cv",
    methods: ["GET"],
    middlewares: withQuery(AdminListVariantCvQuery, variantCvQueryConfig),
  },
  {
    matcher: "/admin/mlm/variants/:variant_id/cv",
    methods: ["GET", "DELETE"],
    middlewares: [variantId, ...withQuery(AdminVariantCvNoQuery, variantCvQueryConfig)],
  },
  {
    matcher: "/admin/mlm/variants/:variant_id/cv",
    methods: ["POST"],
    middlewares: [variantId, ...withQuery(AdminVariantCvNoQuery, variantCvQueryConfig), validateAndTransformBody(AdminSetVariantCv)],
  },
]
