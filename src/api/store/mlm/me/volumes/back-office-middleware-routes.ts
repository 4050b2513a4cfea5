import { authenticate, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../../request-guards"
import { StoreRankQuery, storeRankQueryConfig } from "../rank/validators"
import { storeStatementQueryConfig } from "../statement/query-config"
import { StoreStatementQuery } from "../statement/validators"
import { StoreVolumesQuery, storeVolumesQueryConfig } from "./validators"

/**
 * Middleware entries of the distributor back office (statement, rank card, volumes), spread into
 * src/api/middlewares.ts. They sit under /store/mlm/me, so the MFA gate and the store rate limit
 * (security/mfa-routes.ts) already cover them; here: a logged-in customer (never
 * allowUnregistered) and a strict query.
 */
const customerOnly = authenticate("customer", ["session", "bearer"])
const withQuery = (
  schema: Parameters<typeof validateAndTransformQuery>[0],
  config: Parameters<typeof validateAndTransformQuery>[1]
) => [customerOnly, rejectDottedQueryKeys, validateAndTransformQuery(schema, config)]

export const backOfficeMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/store/mlm/me/statement", methods: ["GET"], middlewares: withQuery(StoreStatementQuery, storeStatementQueryConfig) },
  { matcher: "/store/mlm/me/rank", methods: ["GET"], middlewares: withQuery(StoreRankQuery, storeRankQueryConfig) },
  { matcher: "/store/mlm/me/volumes", methods: ["GET"], middlewares: withQuery(StoreVolumesQuery, storeVolumesQueryConfig) },
]
