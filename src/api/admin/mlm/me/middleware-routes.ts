import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { AdminMeQuery } from "./validators"

/** Strict query for the caller's own role and MFA state. */
export const meMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/me",
    methods: ["GET"],
    middlewares: [rejectDottedQueryKeys, validateAndTransformQuery(AdminMeQuery, { isList: false })],
  },
]
