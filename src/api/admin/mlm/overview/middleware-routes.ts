import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { AdminOverviewQuery } from "./validators"

export const overviewMiddlewareRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/mlm/overview",
    methods: ["GET"],
    middlewares: [rejectDottedQueryKeys, validateAndTransformQuery(AdminOverviewQuery, { isList: false })],
  },
]
