import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import Medusa, { FetchError } from "@medusajs/js-sdk"
import { periodBounds, periodKeyOf } from "../../src/modules/mlm/domain/period-key"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type { DistributorDTO } from "../../src/modules/mlm"
import { createMlmStoreClient } from "../../src/sdk"
import { activatePlanForTest } from "../helpers/commissions"
import { registerCustomer, type CustomerCaller } from "../helpers/customer-auth"
import { httpClient, type HttpClient } from "../helpers/http"
import { createCustomers, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(240_000)

const DAY_MS = 86_400_000
// Unilevel 10 % / 5 %; ranks: bronze on PV, silver on GV, gold on GV with at most 30 % per leg.
const PLAN = {
  currency: "USD",
  ranks: [
    { name: "bronze", min_pv: 5000 },
    { name: "silver", min_pv: 5000, min_gv: 14000 },
    { name: "gold", min_pv: 5000, min_gv: 15000, max_leg_share_bp: 3000 },
  ],
  components: [{ type: "unilevel", levels_bp: [1000, 500] }],
}
const RUN_ID = "mlmrun_back_office_prev"

type World = {
  top: DistributorDTO
  mid: DistributorDTO
  buyer: DistributorDTO
  leg: DistributorDTO
  stranger: DistributorDTO
  callers: { top: CustomerCaller; mid: CustomerCaller; stranger: CustomerCaller; plain: CustomerCaller; noMfa: CustomerCaller }
  buyerCustomerId: string
  planVersionId: string
  current: string
  previous: string
  placed: Record<"a" | "b" | "c" | "d" | "e" | "f", string>
}

function orderJob(id: string, owner: DistributorDTO, placedAt: string, cvMinor: number): OrderJob {
  return {
    kind: "order",
    order_id: id,
    currency_code: "USD",
    placed_at: placedAt,
    customer_id: owner.customer_id,
    distributor_id: owner.id,
    referrer_id: null,
    total_minor: cvMinor,
    items: [{ item_id: `ordli_${id}`, variant_id: null, quantity: 1, unit_price_minor: cvMinor, cv_minor: cvMinor }],
    retail_minor: null,
    wholesale_minor: null,
  }
}

const plusDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let store: StoreFixture
    let w: World

    /**
     * house → top → mid → buyer, top → leg; stranger under the house in a branch of its own. In
     * this month: a (buyer 10000, half refunded), b (mid 3345, canceled in the hold), c (top's own
     * 6000), d (leg 4000), e (stranger 7000); in the previous month: f (buyer 2000, 1000 refunded
     * after its hold) and a closed period run that paid top a pool line. Seeded once: the runner
     * snapshots the database after beforeAll and restores it before each test.
     */
    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
      const mlm = mlmOf(container)
      const house = await mlm.ensureHouse()
      const register = (email: string, first_name: string, mfa = true) => registerCustomer(http, store.storeHeaders, { email, first_name }, { mfa })
      const callers = {
        top: await register("top@office.test", "Tia"),
        mid: await register("mid@office.test", "Mo"),
        stranger: await register("stranger@office.test", "Sy"),
        plain: await register("plain@office.test", "Pat"),
        noMfa: await register("nomfa@office.test", "Nia", false),
      }
      const [buyerCustomerId, legCustomerId] = await createCustomers(container, [
        { email: "buyer@office.test", first_name: "Bea", last_name: "Secretname" },
        { email: "leg@office.test", first_name: "Lee" },
      ])
      const enroll = async (customerId: string, sponsor: DistributorDTO) =>
        (await mlm.enroll({ customer_id: customerId, sponsor_id: sponsor.id, source: "seed" })).distributor
      const top = await enroll(callers.top.customerId, house)
      const mid = await enroll(callers.mid.customerId, top)
      const buyer = await enroll(buyerCustomerId, mid)
      const leg = await enroll(legCustomerId, top)
      const stranger = await enroll(callers.stranger.customerId, house)
      await enroll(callers.noMfa.customerId, house)
      const planVersionId = await activatePlanForTest(container, PLAN)

      const now = new Date()
      const current = periodKeyOf("monthly", now)
      const previous = periodKeyOf("monthly", new Date(periodBounds(current).start.getTime() - 1))
      // This month's orders a few seconds apart, never before the month started.
      const base = Math.max(periodBounds(current).start.getTime(), now.getTime() - 3_600_000)
      const at = (seconds: number) => new Date(base + seconds * 1000).toISOString()
      const placed = { a: at(1), b: at(2), c: at(3), d: at(4), e: at(5), f: plusDays(periodBounds(previous).start.toISOString(), 2) }
      const gateway = await mlm.commissions()
      const config = (holdingDays: number) => ({ holdingDays, now: () => new Date() })
      // f with a one-day hold: its lines are available; this month's are held for 30 days.
      await processOrderBatch(gateway.db, [orderJob("order_bo_f", buyer, placed.f, 2000)], config(1))
      const outcome = await processOrderBatch(
        gateway.db,
        [
          orderJob("order_bo_a", buyer, placed.a, 10000),
          orderJob("order_bo_b", mid, placed.b, 3345),
          orderJob("order_bo_c", top, placed.c, 6000),
          orderJob("order_bo_d", leg, placed.d, 4000),
          orderJob("order_bo_e", stranger, placed.e, 7000),
        ],
        config(30)
      )
      expect(outcome).toEqual({ recorded: 5, duplicates: 0, lines: 4 })
      const adjust = (key: string, orderId: string, type: "refund" | "cancel", refund_minor?: number) =>
        gateway.adjustNow({ kind: "adjustment", adjustment_key: key, order_id: orderId, type, at: new Date().toISOString(), ...(refund_minor ? { refund_minor } : {}) })
      await adjust("refund-re_bo_a", "order_bo_a", "refund", 5000)
      await adjust("refund-re_bo_f", "order_bo_f", "refund", 1000)
      await adjust("cancel-order_bo_b", "order_bo_b", "cancel")

      const [{ node_id: topNode }] = await gateway.db.exec<{ node_id: number }>(`SELECT node_id FROM mlm_distributor WHERE id = $1`, [top.id])
      await gateway.db.exec(
        `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, closed_at) VALUES ($1, $2, 'USD', $3, 'closed', now())`,
        [RUN_ID, previous, planVersionId]
      )
      await gateway.db.exec(
        `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, base_minor, rate_bp, status)
         VALUES ('period', $1, $2, 'pool', 0, 777, 'USD', $3, 77700, 100, 'available')`,
        [RUN_ID, topNode, planVersionId]
      )
      await gateway.db.exec(`UPDATE mlm_distributor SET rank = 'bronze' WHERE id = $1`, [top.id])
      w = { top, mid, buyer, leg, stranger, callers, buyerCustomerId, planVersionId, current, previous, placed }
    })

    const get = (url: string, caller: CustomerCaller) => http.get(url, caller.headers)
    const held = (placedAt: string) => plusDays(placedAt, 30)

    describe("GET /store/mlm/me/statement", () => {
      it("explains every line of this month, clawbacks linked to their order, with exact totals", async () => {
        const response = await get("/store/mlm/me/statement", w.callers.top)

        expect(response.status).toBe(200)
        const { start, end } = periodBounds(w.current)
        expect(response.data.period).toEqual({ period_key: w.current, from: start.toISOString(), to: end.toISOString() })
        const line = (fields: Record<string, unknown>) => ({
          id: expect.stringMatching(/^\d+$/),
          bonus: "unilevel",
          currency_code: "USD",
          created_at: expect.any(String),
          ...fields,
        })
        const lines = response.data.lines
        expect(lines).toEqual([
          line({
            level: 2, amount_minor: 500, status: "pending", hold_until: held(w.placed.a), earned_at: w.placed.a, period_key: w.current,
            base_minor: 10000, rate_bp: 500, source: { kind: "order", order_id: "order_bo_a" },
            explanation: "Unilevel level 2 on order order_bo_a: 500 bp of 10000 CV",
          }),
          line({
            level: 1, amount_minor: 335, status: "canceled", hold_until: held(w.placed.b), earned_at: w.placed.b, period_key: w.current,
            base_minor: 3345, rate_bp: 1000, source: { kind: "order", order_id: "order_bo_b" },
            explanation: "Unilevel level 1 on order order_bo_b: 1000 bp of 3345 CV",
          }),
          line({
            level: 1, amount_minor: 400, status: "pending", hold_until: held(w.placed.d), earned_at: w.placed.d, period_key: w.current,
            base_minor: 4000, rate_bp: 1000, source: { kind: "order", order_id: "order_bo_d" },
            explanation: "Unilevel level 1 on order order_bo_d: 1000 bp of 4000 CV",
          }),
          line({
            level: 2, amount_minor: -250, status: "pending", hold_until: held(w.placed.a), earned_at: lines[3].created_at, period_key: w.current,
            base_minor: -5000, rate_bp: 500,
            source: { kind: "adjustment", order_id: "order_bo_a", adjustment: { kind: "refund", net_cv_before: 10000, net_cv_after: 5000 } },
            explanation: "Clawback of Unilevel level 2 on order order_bo_a after a refund (net CV 10000 → 5000): 500 bp of -5000 CV change",
          }),
          // f's clawback is posted this month, after f's hold (available at once), and names f's period.
          line({
            level: 2, amount_minor: -50, status: "available", hold_until: null, earned_at: lines[4].created_at, period_key: w.previous,
            base_minor: -1000, rate_bp: 500,
            source: { kind: "adjustment", order_id: "order_bo_f", adjustment: { kind: "refund", net_cv_before: 2000, net_cv_after: 1000 } },
            explanation: "Clawback of Unilevel level 2 on order order_bo_f after a refund (net CV 2000 → 1000): 500 bp of -1000 CV change",
          }),
        ])
        expect(response.data).toMatchObject({ count: 5, limit: 20, offset: 0 })
        expect(response.data.totals).toEqual([
          {
            currency_code: "USD",
            earned_minor: 600,
            lines: 5,
            by_status: {
              pending: { amount_minor: 650, lines: 3 },
              available: { amount_minor: -50, lines: 1 },
              canceled: { amount_minor: 335, lines: 1 },
            },
            by_bonus: [{ bonus: "unilevel", earned_minor: 600, canceled_minor: 335, lines: 5 }],
          },
        ])
      })

      it("shows a closed period's run line and the period's order lines; a range pages while totals cover it all", async () => {
        const previous = await get(`/store/mlm/me/statement?period_key=${w.previous}`, w.callers.top)

        expect(previous.status).toBe(200)
        const lastInstant = new Date(periodBounds(w.previous).end.getTime() - 1).toISOString()
        expect(previous.data.lines.map((l: Record<string, unknown>) => [l.bonus, l.level, l.amount_minor, l.status, l.earned_at, l.source, l.explanation])).toEqual([
          ["unilevel", 2, 100, "available", w.placed.f, { kind: "order", order_id: "order_bo_f" }, "Unilevel level 2 on order order_bo_f: 500 bp of 2000 CV"],
          ["pool", 0, 777, "available", lastInstant, { kind: "period", period_run_id: RUN_ID, period_key: w.previous }, `Pool for period ${w.previous}: 100 bp of 77700`],
        ])
        expect(previous.data.totals).toEqual([
          {
            currency_code: "USD",
            earned_minor: 877,
            lines: 2,
            by_status: { pending: { amount_minor: 0, lines: 0 }, available: { amount_minor: 877, lines: 2 }, canceled: { amount_minor: 0, lines: 0 } },
            by_bonus: [
              { bonus: "pool", earned_minor: 777, canceled_minor: 0, lines: 1 },
              { bonus: "unilevel", earned_minor: 100, canceled_minor: 0, lines: 1 },
            ],
          },
        ])

        const from = periodBounds(w.previous).start.toISOString()
        const to = periodBounds(w.current).end.toISOString().slice(0, 10)
        const range = await get(`/store/mlm/me/statement?from=${from}&to=${to}&limit=2&offset=1`, w.callers.top)
        expect(range.status).toBe(200)
        expect(range.data.period).toEqual({ period_key: null, from, to: periodBounds(w.current).end.toISOString() })
        expect(range.data).toMatchObject({ count: 7, limit: 2, offset: 1 })
        expect(range.data.lines.map((l: { amount_minor: number }) => l.amount_minor)).toEqual([777, 500])
        expect(range.data.totals[0]).toMatchObject({ earned_minor: 1477, lines: 7 })
      })

      it("is the caller's own: another distributor's lines and the buyer's personal data never appear", async () => {
        const top = await get("/store/mlm/me/statement", w.callers.top)
        const mid = await get("/store/mlm/me/statement", w.callers.mid)
        const stranger = await get("/store/mlm/me/statement", w.callers.stranger)

        expect(mid.data.lines.map((l: { amount_minor: number; source: unknown }) => [l.amount_minor, l.source])).toEqual([
          [1000, { kind: "order", order_id: "order_bo_a" }],
          [-500, { kind: "adjustment", order_id: "order_bo_a", adjustment: { kind: "refund", net_cv_before: 10000, net_cv_after: 5000 } }],
          [-100, { kind: "adjustment", order_id: "order_bo_f", adjustment: { kind: "refund", net_cv_before: 2000, net_cv_after: 1000 } }],
        ])
        expect(stranger.data).toEqual({ period: expect.any(Object), totals: [], lines: [], count: 0, limit: 20, offset: 0 })
        const topIds = new Set(top.data.lines.map((l: { id: string }) => l.id))
        expect(mid.data.lines.filter((l: { id: string }) => topIds.has(l.id))).toEqual([])
        const text = JSON.stringify([top.data, mid.data])
        for (const secret of [w.buyerCustomerId, w.buyer.id, w.buyer.referral_code, "buyer@office.test", "Secretname", "Bea", w.callers.mid.customerId]) {
          expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false })
        }
      })

      it("rejects bad parameters with a 400 naming the problem", async () => {
        const cases: [string, string][] = [
          ["period_key=2026-13", "Invalid request: period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
          ["period_key=2026-W54", "Invalid request: period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
          ["period_key=november", "Invalid request: period_key must be a month (2026-11) or an ISO week (2026-W47)"],
          ["period_key=2026-11-01", "Invalid request: period_key must be a month (2026-11) or an ISO week (2026-W47)"],
          [`from=${"9".repeat(41)}&to=2026-11-02`, "Invalid request: Value for field 'from' too big, expected at most: '40'"],
          ["from=2026-11-01", "Invalid request: Give both from and to"],
          ["from=2026-11-02&to=2026-11-01", "Invalid request: from must be before to"],
          ["from=2025-01-01&to=2026-01-03", "Invalid request: from and to may be at most 366 days apart"],
          ["period_key=2026-11&from=2026-11-01&to=2026-11-02", "Invalid request: Give either period_key, or from and to, not both"],
          ["from=2026-02-30&to=2026-03-01", "Invalid request: from must be a date (2026-11-01) or an ISO 8601 time with Z or an offset"],
          ["from=2026-11-01T00:00:00&to=2026-11-02", "Invalid request: from must be a date (2026-11-01) or an ISO 8601 time with Z or an offset"],
          ["limit=201", "Invalid request: Value for field 'limit' too big, expected at most: '200'"],
          [`distributor_id=${w.top.id}`, "Invalid request: Unrecognized fields: 'distributor_id'"],
          ["a.b.c=1", "Invalid request: Unrecognized fields: 'a.b.c'"],
        ]
        for (const [query, message] of cases) {
          const response = await get(`/store/mlm/me/statement?${query}`, w.callers.stranger)
          expect({ query, status: response.status, message: response.data.message }).toEqual({ query, status: 400, message })
        }
      })
    })

    describe("GET /store/mlm/me/rank", () => {
      it("shows the requirements and the exact progress in the current period, leg cap included", async () => {
        const response = await get("/store/mlm/me/rank", w.callers.top)

        expect(response.status).toBe(200)
        // PV 6000 (c); legs: mid 5000 (b canceled, a's net 5000 is the buyer's), leg 4000.
        expect(response.data.rank_card).toEqual({
          currency_code: "USD",
          plan_version_id: w.planVersionId,
          period_key: w.current,
          current_rank: "bronze",
          qualified_rank: "silver",
          next_rank: "silver",
          volumes: {
            pv_minor: 6000,
            gv_minor: 15000,
            legs_with_volume: 2,
            largest_leg: { distributor_id: w.mid.id, referral_code: w.mid.referral_code, gv_minor: 5000, share_bp: 3333 },
          },
          ranks: [
            {
              name: "bronze",
              requirements: { min_pv: 5000, min_gv: null, max_leg_share_bp: null },
              pv: { required_minor: 5000, actual_minor: 6000, missing_minor: 0, met: true },
              gv: null,
              met: true,
              is_current: true,
            },
            {
              name: "silver",
              requirements: { min_pv: 5000, min_gv: 14000, max_leg_share_bp: null },
              pv: { required_minor: 5000, actual_minor: 6000, missing_minor: 0, met: true },
              gv: { required_minor: 14000, counted_minor: 15000, leg_cap_minor: null, missing_minor: 0, met: true },
              met: true,
              is_current: false,
            },
            {
              name: "gold",
              requirements: { min_pv: 5000, min_gv: 15000, max_leg_share_bp: 3000 },
              pv: { required_minor: 5000, actual_minor: 6000, missing_minor: 0, met: true },
              // Each leg counts for at most 4500: 6000 + 4500 + 4000 = 14500 of 15000.
              gv: { required_minor: 15000, counted_minor: 14500, leg_cap_minor: 4500, missing_minor: 500, met: false },
              met: false,
              is_current: false,
            },
          ],
        })
      })

      it("measures each caller over its own subtree only", async () => {
        const mid = (await get("/store/mlm/me/rank", w.callers.mid)).data.rank_card
        const stranger = (await get("/store/mlm/me/rank", w.callers.stranger)).data.rank_card
        const previous = (await get(`/store/mlm/me/rank?period_key=${w.previous}&currency_code=usd`, w.callers.top)).data.rank_card

        expect(mid.volumes).toEqual({
          pv_minor: 0,
          gv_minor: 5000,
          legs_with_volume: 1,
          largest_leg: { distributor_id: w.buyer.id, referral_code: w.buyer.referral_code, gv_minor: 5000, share_bp: 10000 },
        })
        expect([mid.current_rank, mid.qualified_rank, mid.next_rank]).toEqual([null, null, "bronze"])
        expect(stranger.volumes).toEqual({ pv_minor: 7000, gv_minor: 7000, legs_with_volume: 0, largest_leg: null })
        expect([stranger.qualified_rank, stranger.ranks[2].gv]).toEqual([
          "bronze",
          { required_minor: 15000, counted_minor: 7000, leg_cap_minor: 4500, missing_minor: 8000, met: false },
        ])
        expect([previous.period_key, previous.volumes.pv_minor, previous.volumes.gv_minor, previous.qualified_rank]).toEqual([w.previous, 0, 1000, null])
      })

      it("rejects bad parameters (400) and answers 404 without a plan or a distributor", async () => {
        const cases: [string, number, string][] = [
          ["currency_code=US", 400, "Invalid request: currency_code must be a three-letter ISO 4217 code"],
          ["period_key=2026-W47", 400, "Invalid request: the USD plan's periods are monthly: period_key 2026-W47 is not one"],
          [`customer_id=${w.callers.top.customerId}`, 400, "Invalid request: Unrecognized fields: 'customer_id'"],
          ["currency_code=EUR", 404, "No EUR plan version is in force"],
        ]
        for (const [query, status, message] of cases) {
          const response = await get(`/store/mlm/me/rank?${query}`, w.callers.stranger)
          expect({ query, status: response.status, message: response.data.message }).toEqual({ query, status, message })
        }
        const notDistributor = await get("/store/mlm/me/rank", w.callers.plain)
        expect([notDistributor.status, notDistributor.data.message]).toEqual([404, "You are not a distributor"])

        // With plans in force for two currencies the caller must say which.
        await activatePlanForTest(container, { ...PLAN, currency: "EUR" })
        const ambiguous = await get("/store/mlm/me/volumes", w.callers.top)
        const euro = await get("/store/mlm/me/rank?currency_code=eur", w.callers.top)
        expect([ambiguous.status, ambiguous.data.message]).toEqual([400, "Invalid request: plan versions are in force for EUR, USD: give currency_code"])
        expect([euro.status, euro.data.rank_card.currency_code, euro.data.rank_card.volumes.gv_minor]).toEqual([200, "EUR", 0])
      })
    })

    describe("GET /store/mlm/me/volumes", () => {
      it("answers PV and GV of the last N periods, newest first, each caller its own", async () => {
        const top = await get("/store/mlm/me/volumes?periods=3", w.callers.top)
        const stranger = await get("/store/mlm/me/volumes", w.callers.stranger)

        expect(top.status).toBe(200)
        const beforePrevious = periodKeyOf("monthly", new Date(periodBounds(w.previous).start.getTime() - 1))
        const period = (key: string, pv: number, gv: number) => ({
          period_key: key,
          starts_at: periodBounds(key).start.toISOString(),
          ends_at: periodBounds(key).end.toISOString(),
          pv_minor: pv,
          gv_minor: gv,
        })
        expect(top.data).toEqual({
          currency_code: "USD",
          plan_version_id: w.planVersionId,
          period: "monthly",
          volumes: [period(w.current, 6000, 15000), period(w.previous, 0, 1000), period(beforePrevious, 0, 0)],
        })
        expect(stranger.data.volumes).toHaveLength(6)
        expect(stranger.data.volumes.slice(0, 2)).toEqual([period(w.current, 7000, 7000), period(w.previous, 0, 0)])
      })

      it("rejects bad parameters with a 400", async () => {
        const cases: [string, string][] = [
          ["periods=25", "Invalid request: Value for field 'periods' too big, expected at most: '24'"],
          ["periods=0", "Invalid request: Value for field 'periods' too small, expected at least: '1'"],
          ["periods=six", "Invalid request: Expected type: 'number' for field 'periods', got: 'six'"],
          ["node_id=1", "Invalid request: Unrecognized fields: 'node_id'"],
        ]
        for (const [query, message] of cases) {
          const response = await get(`/store/mlm/me/volumes?${query}`, w.callers.top)
          expect({ query, status: response.status, message: response.data.message }).toEqual({ query, status: 400, message })
        }
      })
    })

    it("every back-office route needs a login (401) and a completed MFA challenge (403)", async () => {
      for (const path of ["/store/mlm/me/statement", "/store/mlm/me/rank", "/store/mlm/me/volumes"]) {
        const anonymous = await http.get(path, store.storeHeaders)
        const noMfa = await get(path, w.callers.noMfa)
        expect({ path, anonymous: anonymous.status, noMfa: [noMfa.status, noMfa.data.message] }).toEqual({
          path,
          anonymous: 401,
          noMfa: [403, "MFA is required: enroll a TOTP factor at /store/mlm/mfa/enroll"],
        })
      }
    })

    describe("the typed client (medusa-plugin-mlm/sdk) on a real js-sdk", () => {
      async function topClient() {
        const sdk = new Medusa({
          baseUrl: api.defaults.baseURL!,
          publishableKey: store.storeHeaders["x-publishable-api-key"],
          auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
        })
        await sdk.client.setToken(w.callers.top.headers.authorization.replace(/^Bearer /, ""))
        return createMlmStoreClient(sdk)
      }

      it("reads the profile, downline, statement, rank card, volumes, lines, balances and MFA state", async () => {
        const mlm = await topClient()

        const { distributor } = await mlm.me()
        expect(distributor).toEqual({
          id: w.top.id,
          referral_code: w.top.referral_code,
          referral_link: `/join?ref=${w.top.referral_code}`,
          status: "active",
          enrolled_at: expect.any(String),
          sponsor_referral_code: expect.any(String),
          downline_counts: [{ level: 1, count: 2 }, { level: 2, count: 1 }],
        })
        const downline = await mlm.downline({ depth: 1, limit: 1, offset: 1 })
        expect([downline.count, downline.depth, downline.limit, downline.offset, downline.downline.length]).toEqual([2, 1, 1, 1, 1])
        expect(downline.downline[0]).toEqual({
          id: expect.any(String), referral_code: expect.any(String), level: 1, status: "active", enrolled_at: expect.any(String), first_name: expect.any(String),
        })
        const statement = await mlm.statement({ period_key: w.previous })
        expect(statement.totals[0].earned_minor).toBe(877)
        expect(statement.lines.map((line) => line.source.kind)).toEqual(["order", "period"])
        const { rank_card } = await mlm.rank()
        expect([rank_card.qualified_rank, rank_card.volumes.gv_minor, rank_card.ranks[2].gv?.missing_minor]).toEqual(["silver", 15000, 500])
        const volumes = await mlm.volumes({ periods: 2 })
        expect(volumes.volumes.map((v) => [v.period_key, v.pv_minor, v.gv_minor])).toEqual([[w.current, 6000, 15000], [w.previous, 0, 1000]])
        const pending = await mlm.commissions({ status: "pending" })
        expect(pending.lines.map((line) => line.amount_minor)).toEqual([-250, 400, 500])
        expect((await mlm.balances()).balances).toEqual([{ currency_code: "USD", pending_minor: 650, available_minor: 827 }])
        expect((await mlm.mfa.status()).mfa).toMatchObject({ factor: "confirmed", challenge: { completed_at: expect.any(String) } })
      })

      it("rejects with FetchError carrying the status and the route's message", async () => {
        const mlm = await topClient()
        const refused = await mlm.statement({ from: "2026-11-02", to: "2026-11-01" }).catch((error: unknown) => error)

        expect(refused).toBeInstanceOf(FetchError)
        expect([(refused as FetchError).status, (refused as FetchError).message]).toEqual([400, "Invalid request: from must be before to"])
      })
    })
  },
})
