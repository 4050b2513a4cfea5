import {
  createMlmClient,
  errorFromResponse,
  errorKindOf,
  MlmApiError,
  mlmPath,
  mlmRoutePath,
  queryString,
  retryAfterSecondsOf,
} from "../../src/admin/lib/mlm-http"

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

describe("errorKindOf: the server's documented refusals, one kind each", () => {
  it.each([
    [403, "MFA is required: enroll a TOTP factor at /admin/mlm/mfa/enroll", "mfa_enroll"],
    [403, "MFA is required: confirm your TOTP factor at /admin/mlm/mfa/enroll/confirm", "mfa_confirm"],
    [403, "Complete an MFA challenge at /admin/mlm/mfa/verify to use this route", "mfa_challenge"],
    [403, "This action needs an MFA challenge completed in the last 5 minutes: verify again at /admin/mlm/mfa/verify", "mfa_step_up"],
    [403, "Replacing a confirmed TOTP factor needs an MFA challenge completed in the last 5 minutes: verify at /admin/mlm/mfa/verify first", "mfa_step_up"],
    [403, "MFA is locked after 100 consecutive failed attempts: an administrator must reset it", "mfa_locked"],
    [403, "You have no MLM role; an MLM admin must grant one", "no_role"],
    [403, "Your MLM role (viewer) does not grant the permission money.read", "forbidden"],
    [401, "Invalid MFA code", "unauthorized"],
    [429, "Too many failed MFA attempts: try again in 900 seconds", "rate_limited"],
    [400, "Invalid request: Unrecognized fields: 'x'", "invalid"],
    [413, "request entity too large", "invalid"],
    [404, "Order order_1 has no commission record", "not_found"],
    [409, "Customer cus_1 is already a distributor (mlmdist_1)", "conflict"],
    [500, "An unknown error occurred.", "server"],
    [0, "The server could not be reached", "network"],
  ])("%i %s → %s", (status, message, kind) => {
    expect(errorKindOf(status, message)).toBe(kind)
  })
})

describe("errorFromResponse", () => {
  it("keeps status, type, message and the attempts left before the lock", async () => {
    const error = await errorFromResponse(json(401, { type: "unauthorized", message: "Invalid MFA code", attempts_before_lock: 3 }))
    expect(error).toBeInstanceOf(MlmApiError)
    expect([error.status, error.type, error.message, error.kind, error.attemptsBeforeLock, error.retryAfterSeconds]).toEqual([
      401, "unauthorized", "Invalid MFA code", "unauthorized", 3, undefined,
    ])
  })

  it("reads Retry-After on a 429, and the message's seconds when the header is hidden (CORS)", async () => {
    const message = "Too many failed MFA attempts: try again in 840 seconds"
    const withHeader = await errorFromResponse(json(429, { type: "too_many_requests", message }, { "retry-after": "839" }))
    const withoutHeader = await errorFromResponse(json(429, { type: "too_many_requests", message }))
    expect([withHeader.retryAfterSeconds, withoutHeader.retryAfterSeconds]).toEqual([839, 840])
  })

  it("marks MFA-gate and step-up refusals for the gate", async () => {
    const gate = await errorFromResponse(json(403, { type: "not_allowed", message: "Complete an MFA challenge at /admin/mlm/mfa/verify to use this route" }))
    const stepUp = await errorFromResponse(json(403, { type: "not_allowed", message: "This action needs an MFA challenge completed in the last 5 minutes: verify again at /admin/mlm/mfa/verify" }))
    expect([gate.needsMfaGate, gate.needsStepUp, stepUp.needsMfaGate, stepUp.needsStepUp]).toEqual([true, false, false, true])
  })

  it("maps a body that is not JSON, or not the error shape, to the status text", async () => {
    const html = await errorFromResponse(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }))
    const empty = await errorFromResponse(new Response(null, { status: 500 }))
    expect([html.status, html.type, html.message, html.kind]).toEqual([502, "unknown_error", "Bad Gateway", "server"])
    expect([empty.message, empty.kind]).toEqual(["Request failed with status 500", "server"])
  })
})

describe("retryAfterSecondsOf", () => {
  it("reads seconds, an HTTP date, or nothing", () => {
    const now = Date.parse("2026-11-21T10:00:00Z")
    expect(retryAfterSecondsOf("120", "", now)).toBe(120)
    expect(retryAfterSecondsOf("Sat, 21 Nov 2026 10:01:30 GMT", "", now)).toBe(90)
    expect(retryAfterSecondsOf(null, "no number here", now)).toBeUndefined()
    expect(retryAfterSecondsOf("", "try again in 1 second", now)).toBe(1)
  })
})

describe("paths and queries", () => {
  it("prefixes /admin/mlm once and encodes interpolated ids", () => {
    expect([mlmRoutePath("/ledger"), mlmRoutePath("ledger"), mlmRoutePath("/admin/mlm/ledger"), mlmRoutePath("/admin/mlm")]).toEqual([
      "/admin/mlm/ledger", "/admin/mlm/ledger", "/admin/mlm/ledger", "/admin/mlm",
    ])
    expect(mlmPath`/distributors/${"a/b?c"}/balances`).toBe("/distributors/a%2Fb%3Fc/balances")
  })

  it("repeats array keys and leaves out empty values", () => {
    expect(queryString({ variant_id: ["a", "b"], limit: 20, status: undefined, q: "", offset: 0, reveal: false, x: null })).toBe(
      "?variant_id=a&variant_id=b&limit=20&offset=0&reveal=false"
    )
    expect(queryString({})).toBe("")
  })
})

describe("createMlmClient", () => {
  function recordingClient(answer: () => Response | Promise<Response>) {
    const calls: { url: string; init: RequestInit }[] = []
    const client = createMlmClient({
      baseUrl: "https://shop.test/",
      transport: async (url, init) => {
        calls.push({ url, init })
        return answer()
      },
      headers: () => ({ authorization: "Bearer t" }),
    })
    return { client, calls }
  }

  it("GETs JSON with the session's credentials and the extra headers", async () => {
    const { client, calls } = recordingClient(() => json(200, { distributors: [], count: 0 }))
    expect(await client.get("/distributors", { customer_id: "cus_1" })).toEqual({ distributors: [], count: 0 })
    expect(calls).toEqual([
      {
        url: "https://shop.test/admin/mlm/distributors?customer_id=cus_1",
        init: { method: "GET", headers: { accept: "application/json", authorization: "Bearer t" }, body: undefined, credentials: "include", signal: undefined },
      },
    ])
  })

  it("POSTs a JSON body", async () => {
    const { client, calls } = recordingClient(() => json(201, { distributor: { id: "mlmdist_1" } }))
    expect(await client.post("/distributors", { customer_id: "cus_1" })).toEqual({ distributor: { id: "mlmdist_1" } })
    expect([calls[0].init.method, calls[0].init.body, (calls[0].init.headers as Record<string, string>)["content-type"]]).toEqual([
      "POST", '{"customer_id":"cus_1"}', "application/json",
    ])
  })

  it("throws MlmApiError for a refusal, and a network error as status 0", async () => {
    const refused = recordingClient(() => json(403, { type: "not_allowed", message: "You have no MLM role; an MLM admin must grant one" }))
    await expect(refused.client.get("/ledger")).rejects.toMatchObject({ name: "MlmApiError", status: 403, type: "not_allowed", kind: "no_role" })

    const offline = recordingClient(() => Promise.reject(new TypeError("fetch failed")))
    await expect(offline.client.get("/ledger")).rejects.toMatchObject({ status: 0, kind: "network", message: "The server could not be reached: fetch failed" })
  })

  it("answers undefined for 204", async () => {
    const { client } = recordingClient(() => new Response(null, { status: 204 }))
    expect(await client.delete("/roles/user_1")).toBeUndefined()
  })
})
