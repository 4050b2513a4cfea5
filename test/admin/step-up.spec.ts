import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { auditMiddlewareRoutes } from "../../src/api/admin/mlm/audit/middleware-routes"
import { mfaMiddlewareRoutes } from "../../src/api/security/mfa-routes"
import { MlmApiError } from "../../src/admin/lib/mlm-http"

/**
 * The pages' step-up actions (plan activation, role grant/change/revoke, the audit export) rely on
 * the MFA gate's `withStepUp`, which prompts for a code only when the refusal maps to the kind
 * `mfa_step_up`. These run the server's own step-up middleware on a session whose challenge is
 * 301 seconds old and map its answer as the admin client does: a rewording on either side fails here.
 */

type Middleware = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => unknown

function middlewaresOf(routes: typeof mfaMiddlewareRoutes, matcher: string, method: string): Middleware[] {
  const route = routes.find((entry) => entry.matcher === matcher && (entry.methods as string[] | undefined)?.includes(method))
  if (!route) throw new Error(`no ${method} ${matcher} entry`)
  return route.middlewares as Middleware[]
}

async function refusalOf(middleware: Middleware, path: string, challengeAgeSeconds: number) {
  const gate = { factor: "confirmed", challenge_age_seconds: challengeAgeSeconds, recovery_codes_left: 10, locked_for_seconds: null }
  const req = {
    auth_context: { actor_type: "user", actor_id: "user_1" },
    headers: { authorization: "Bearer token-1" },
    originalUrl: path,
    url: path,
    query: {},
    ip: "127.0.0.1",
    get: () => undefined,
    scope: { resolve: () => ({ getMfaGate: async () => gate, recordMfaDenial: async () => undefined }) },
  } as unknown as MedusaRequest
  let answer: { status: number; body: { type: string; message: string } } | null = null
  const res = {
    status(code: number) {
      return { json: (body: { type: string; message: string }) => (answer = { status: code, body }) }
    },
  } as unknown as MedusaResponse
  let passed = false
  await middleware(req, res, () => (passed = true))
  return { passed, answer: answer as { status: number; body: { type: string; message: string } } | null }
}

const STEP_UP_ROUTES: [string, Middleware, string][] = [
  ["POST /admin/mlm/plans/:id/activate", middlewaresOf(mfaMiddlewareRoutes, "/admin/mlm/plans/:id/activate", "POST")[0], "/admin/mlm/plans/mlmplan_1/activate"],
  ["PUT /admin/mlm/roles/:user_id", middlewaresOf(mfaMiddlewareRoutes, "/admin/mlm/roles/:user_id", "PUT")[0], "/admin/mlm/roles/user_2"],
  ["DELETE /admin/mlm/roles/:user_id", middlewaresOf(mfaMiddlewareRoutes, "/admin/mlm/roles/:user_id", "DELETE")[0], "/admin/mlm/roles/user_2"],
  ["GET /admin/mlm/audit/export", middlewaresOf(auditMiddlewareRoutes, "/admin/mlm/audit/export", "GET")[0], "/admin/mlm/audit/export"],
]

describe("a step-up refusal reaches the pages as mfa_step_up", () => {
  it.each(STEP_UP_ROUTES)("%s: a 301-second-old challenge is refused, and the client asks for a fresh code", async (_route, middleware, path) => {
    const { passed, answer } = await refusalOf(middleware, path, 301)
    expect([passed, answer?.status, answer?.body.type]).toEqual([false, 403, "not_allowed"])
    const error = new MlmApiError(answer!.status, answer!.body.type, answer!.body.message)
    expect([error.kind, error.needsStepUp, error.needsMfaGate]).toEqual(["mfa_step_up", true, false])
  })

  it.each(STEP_UP_ROUTES)("%s: a challenge of the last 5 minutes passes", async (_route, middleware, path) => {
    expect(await refusalOf(middleware, path, 300)).toEqual({ passed: true, answer: null })
  })
})
