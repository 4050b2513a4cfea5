import { authenticate, validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { rejectDottedQueryKeys } from "../../../request-guards"
import { mfaRateLimit } from "../../../security/rate-limits"
import { MfaConfirmBody, MfaEnrollBody, MfaNoQuery, MfaVerifyBody } from "./validators"

/**
 * Middleware entries of the MFA routes for users (/admin/mlm/mfa) and customers (/store/mlm/mfa):
 * strict query and body, and the per-account and per-IP limit on code checks before anything
 * else reads the body. The routes do not require a completed challenge (docs/security.md).
 */
const noQuery = [rejectDottedQueryKeys, validateAndTransformQuery(MfaNoQuery, { isList: false })]

function mfaRoutes(base: string, before: MiddlewareRoute["middlewares"] = []): MiddlewareRoute[] {
  return [
    { matcher: `${base}/enroll`, methods: ["POST"], middlewares: [...before, ...noQuery, validateAndTransformBody(MfaEnrollBody)] },
    {
      matcher: `${base}/enroll/confirm`,
      methods: ["POST"],
      middlewares: [...before, mfaRateLimit, ...noQuery, validateAndTransformBody(MfaConfirmBody)],
    },
    { matcher: `${base}/verify`, methods: ["POST"], middlewares: [...before, mfaRateLimit, ...noQuery, validateAndTransformBody(MfaVerifyBody)] },
    { matcher: `${base}/status`, methods: ["GET"], middlewares: [...before, ...noQuery] },
  ]
}

export const adminMfaMiddlewareRoutes = mfaRoutes("/admin/mlm/mfa")

// Store routes are open to anonymous callers in Medusa; these are for a logged-in customer only.
export const storeMfaMiddlewareRoutes = mfaRoutes("/store/mlm/mfa", [authenticate("customer", ["session", "bearer"])])
