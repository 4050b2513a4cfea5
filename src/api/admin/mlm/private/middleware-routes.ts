import {
  authenticate,
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { rejectDottedQueryKeys, validateRouteParams } from "../../../request-guards"
import { AdminDistributorParams } from "../distributors/validators"
import {
  DuplicateTaxIdsQuery,
  duplicatesQueryConfig,
  PrivateBankBody,
  PrivateEraseBody,
  PrivateExportBody,
  PrivateNoQuery,
  PrivatePersonalBody,
  PrivateReadQuery,
  privateQueryConfig,
} from "./validators"

/**
 * Middleware entries of the personal-data, export and erasure routes (docs/security.md), admin
 * and store, spread into src/api/middlewares.ts. Same rules as every mlm route: strict query and
 * body, route params checked before the handler; store routes need a logged-in customer.
 */
const withQuery = (
  schema: Parameters<typeof validateAndTransformQuery>[0],
  config: Parameters<typeof validateAndTransformQuery>[1]
) => [rejectDottedQueryKeys, validateAndTransformQuery(schema, config)]
const distributorId = validateRouteParams(AdminDistributorParams)
const noQuery = withQuery(PrivateNoQuery, privateQueryConfig)
const readQuery = withQuery(PrivateReadQuery, privateQueryConfig)
const customerOnly = authenticate("customer", ["session", "bearer"])

export const privacyMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/admin/mlm/distributors/:id/private", methods: ["GET"], middlewares: [distributorId, ...readQuery] },
  {
    matcher: "/admin/mlm/distributors/:id/private",
    methods: ["PUT"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(PrivatePersonalBody)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/private/bank",
    methods: ["PUT"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(PrivateBankBody)],
  },
  { matcher: "/admin/mlm/distributors/:id/private/bank", methods: ["DELETE"], middlewares: [distributorId, ...noQuery] },
  {
    matcher: "/admin/mlm/distributors/:id/export",
    methods: ["POST"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(PrivateExportBody)],
  },
  {
    matcher: "/admin/mlm/distributors/:id/erase",
    methods: ["POST"],
    middlewares: [distributorId, ...noQuery, validateAndTransformBody(PrivateEraseBody)],
  },
  {
    matcher: "/admin/mlm/private/duplicate-tax-ids",
    methods: ["GET"],
    middlewares: withQuery(DuplicateTaxIdsQuery, duplicatesQueryConfig),
  },
  { matcher: "/store/mlm/me/private", methods: ["GET"], middlewares: [customerOnly, ...readQuery] },
  {
    matcher: "/store/mlm/me/private",
    methods: ["PUT"],
    middlewares: [customerOnly, ...noQuery, validateAndTransformBody(PrivatePersonalBody)],
  },
  {
    matcher: "/store/mlm/me/private/bank",
    methods: ["PUT"],
    middlewares: [customerOnly, ...noQuery, validateAndTransformBody(PrivateBankBody)],
  },
  { matcher: "/store/mlm/me/private/bank", methods: ["DELETE"], middlewares: [customerOnly, ...noQuery] },
]
