import Medusa, { FetchError } from "@medusajs/js-sdk"
import { createMlmStoreClient, type MlmRankResponse, type MlmStatementResponse } from "../../src/sdk"

/**
 * The typed back-office client on a real js-sdk instance whose network is a fake `fetch`: each
 * method sends the documented request (method, path, query, body, the sdk's headers) and hands
 * back the JSON; an error status rejects with the sdk's FetchError.
 */

type Sent = { method: string; url: URL; headers: Headers; body: unknown }

function fakeNetwork(answer: (sent: Sent) => { status: number; body: unknown }) {
  const sent: Sent[] = []
  const fetchMock = jest.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request: Sent = {
      method: init?.method ?? "GET",
      url: new URL(input instanceof Request ? input.url : input.toString()),
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    }
    sent.push(request)
    const { status, body } = answer(request)
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
  })
  return { sent, fetchMock }
}

async function clientWithToken() {
  const sdk = new Medusa({
    baseUrl: "http://shop.test:9000",
    publishableKey: "pk_test_123",
    auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
  })
  await sdk.client.setToken("token-of-the-customer")
  return createMlmStoreClient(sdk)
}

afterEach(() => jest.restoreAllMocks())

describe("createMlmStoreClient", () => {
  it("sends each GET to its route with only the parameters given, as the sdk sends any request", async () => {
    const { sent } = fakeNetwork(() => ({ status: 200, body: {} }))
    const mlm = await clientWithToken()

    await mlm.me()
    await mlm.downline({ depth: 2, limit: 10, offset: 20 })
    await mlm.downline()
    await mlm.statement({ period_key: "2026-11", limit: 50 })
    await mlm.statement({ from: new Date("2026-11-01T00:00:00Z"), to: "2026-12-01", offset: 5 })
    await mlm.rank({ currency_code: "usd" })
    await mlm.volumes({ periods: 12 })
    await mlm.commissions({ status: "pending" })
    await mlm.balances()
    await mlm.mfa.status()

    expect(sent.map((request) => `${request.method} ${request.url.pathname}${request.url.search}`)).toEqual([
      "GET /store/mlm/me",
      "GET /store/mlm/me/downline?depth=2&limit=10&offset=20",
      "GET /store/mlm/me/downline",
      "GET /store/mlm/me/statement?period_key=2026-11&limit=50",
      "GET /store/mlm/me/statement?from=2026-11-01T00%3A00%3A00.000Z&to=2026-12-01&offset=5",
      "GET /store/mlm/me/rank?currency_code=usd",
      "GET /store/mlm/me/volumes?periods=12",
      "GET /store/mlm/me/commissions?status=pending",
      "GET /store/mlm/me/balances",
      "GET /store/mlm/mfa/status",
    ])
    for (const request of sent) {
      expect(request.url.origin).toBe("http://shop.test:9000")
      expect(request.headers.get("x-publishable-api-key")).toBe("pk_test_123")
      expect(request.headers.get("authorization")).toBe("Bearer token-of-the-customer")
      expect(request.body).toBeUndefined()
    }
  })

  it("posts JSON bodies for enrollment and MFA, and passes per-request headers", async () => {
    const { sent } = fakeNetwork(() => ({ status: 200, body: {} }))
    const mlm = await clientWithToken()

    await mlm.enroll({ referral_code: "K7QX2M9P" })
    await mlm.mfa.enroll()
    await mlm.mfa.confirm({ code: "123456" })
    await mlm.mfa.verify({ recovery_code: "ABCD-EFGH-IJKL-MNOP" }, { "x-request-id": "r-1" })

    expect(sent.map((request) => [request.method, request.url.pathname, request.body])).toEqual([
      ["POST", "/store/mlm/enroll", { referral_code: "K7QX2M9P" }],
      ["POST", "/store/mlm/mfa/enroll", {}],
      ["POST", "/store/mlm/mfa/enroll/confirm", { code: "123456" }],
      ["POST", "/store/mlm/mfa/verify", { recovery_code: "ABCD-EFGH-IJKL-MNOP" }],
    ])
    expect(sent.map((request) => request.headers.get("content-type"))).toEqual(Array(4).fill("application/json"))
    expect(sent[3].headers.get("x-request-id")).toBe("r-1")
  })

  it("hands back the route's JSON as the typed response", async () => {
    const rank: MlmRankResponse = {
      rank_card: {
        currency_code: "USD",
        plan_version_id: "mlmplv_1",
        period_key: "2026-11",
        current_rank: null,
        qualified_rank: "bronze",
        next_rank: "bronze",
        volumes: { pv_minor: 5000, gv_minor: 5000, legs_with_volume: 0, largest_leg: null },
        ranks: [
          {
            name: "bronze",
            requirements: { min_pv: 5000, min_gv: null, max_leg_share_bp: null },
            pv: { required_minor: 5000, actual_minor: 5000, missing_minor: 0, met: true },
            gv: null,
            met: true,
            is_current: false,
          },
        ],
      },
    }
    fakeNetwork(() => ({ status: 200, body: rank }))
    const mlm = await clientWithToken()

    const answer = await mlm.rank()

    expect(answer).toEqual(rank)
    expect(answer.rank_card.ranks[0].pv?.missing_minor).toBe(0)
  })

  it("rejects with the sdk's FetchError carrying the route's status and message", async () => {
    fakeNetwork((request) =>
      request.url.pathname.endsWith("/statement")
        ? { status: 400, body: { type: "invalid_data", message: "Invalid request: Give both from and to" } }
        : { status: 404, body: { type: "not_found", message: "You are not a distributor" } }
    )
    const mlm = await clientWithToken()

    const statement: Promise<MlmStatementResponse> = mlm.statement({ from: "2026-11-01", to: "2026-11-02" })
    await expect(statement).rejects.toBeInstanceOf(FetchError)
    await expect(mlm.statement({ from: "2026-11-01", to: "2026-11-02" })).rejects.toMatchObject({
      status: 400,
      message: "Invalid request: Give both from and to",
    })
    await expect(mlm.me()).rejects.toMatchObject({ status: 404, message: "You are not a distributor" })
  })
})
