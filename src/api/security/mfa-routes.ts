import type { MiddlewareRoute } from "@medusajs/framework/http"
import { adminMfaMiddlewareRoutes, storeMfaMiddlewareRoutes } from "../admin/mlm/mfa/middleware-routes"
import { requireMfa, requireMfaOutsideMfaRoutes, requireRecentMfa, requireRecentMfaIf } from "./mfa-middleware"
import { storeEnrollRateLimit, storeRateLimit } from "./rate-limits"

/**
 * Where MFA and the abuse limits apply (docs/security.md, "MFA and abuse limits"), spread into
 * src/api/middlewares.ts after the permission gate and before every other entry.
 *
 * Entries without `methods` are mounted by Medusa with `app.use` ahead of every method-specific
 * middleware, validation included, and a mount covers its path and everything below it.
 */
// Runs before the route's validator: anything but an absent or "false" `reveal` counts as one.
const stepUpToReveal = requireRecentMfaIf((req) => req.query?.reveal !== undefined && req.query.reveal !== "false")

export const mfaMiddlewareRoutes: MiddlewareRoute[] = [
  { matcher: "/admin/mlm", middlewares: [requireMfaOutsideMfaRoutes] },
  { matcher: "/store/mlm", middlewares: [storeRateLimit] },
  { matcher: "/store/mlm/me", middlewares: [requireMfa] },
  { matcher: "/store/mlm/enroll", methods: ["POST"], middlewares: [storeEnrollRateLimit] },

  // Step-up (a challenge in the last 5 minutes) for sensitive actions: plan activation, role
  // changes, MFA resets, payout details (the admin's and the distributor's own), exports, and what
  // docs/security.md "Personal data at rest" adds: revealing plaintext and erasure.
  { matcher: "/admin/mlm/plans/:id/activate", methods: ["POST"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/roles/:user_id", methods: ["PUT", "DELETE"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/security/mfa-resets", methods: ["POST"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/distributors/:id/private/bank", methods: ["PUT", "DELETE"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/distributors/:id/export", methods: ["POST"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/distributors/:id/erase", methods: ["POST"], middlewares: [requireRecentMfa()] },
  { matcher: "/admin/mlm/distributors/:id/private", methods: ["GET"], middlewares: [stepUpToReveal] },
  { matcher: "/store/mlm/me/private/bank", methods: ["PUT", "DELETE"], middlewares: [requireRecentMfa()] },
  { matcher: "/store/mlm/me/private", methods: ["GET"], middlewares: [stepUpToReveal] },

  ...adminMfaMiddlewareRoutes,
  ...storeMfaMiddlewareRoutes,
]
