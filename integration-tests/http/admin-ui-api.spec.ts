import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import { markOutboxFailed } from "../../src/modules/mlm/repositories/outbox-sql"
import { PERMISSIONS } from "../../src/api/security/permissions"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { activatePlanForTest } from "../helpers/commissions"
import { httpClient, type HttpClient } from "../helpers/http"
import { createCustomers, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(180_000)

/**
 * The routes the admin UI (src/admin) reads beyond the ones other suites cover: the caller's own
 * role (GET /admin/mlm/me), a customer's distributor (GET /admin/mlm/distributors?customer_id=),
 * an order's commission job (GET /admin/mlm/commissions/:order_id `job`), and the overview
 * (GET /admin/mlm/overview).
 */

const PLAN = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }

function orderJob(orderId: string, buyer: { id: string; customer_id: string | null }, placedAt: Date, cvMinor: number): OrderJob {
  return {
    kind: "order",
    order_id: orderId,
    currency_code: "USD",
    placed_at: placedAt.toISOString(),
    customer_id: buyer.customer_id,
    distributor_id: buyer.id,
    referrer_id: null,
    total_minor: cvMinor,
    items: [{ item_id: `ordli_${orderId}`, variant_id: null, quantity: 1, unit_price_minor: cvMinor, cv_minor: cvMinor }],
    retail_minor: null,
    wholesale_minor: null,
  }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let admin: AdminCaller
    // One USD plan version for the suite (one version per currency and effective_from).
    let planVersionId: string

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      planVersionId = await activatePlanForTest(container, PLAN)
    })

    const get = (url: string, caller: AdminCaller = admin) => http.get(url, caller.headers)

    describe("GET /admin/mlm/me", () => {
      it("answers the caller's role, what it grants and this session's MFA state", async () => {
        const viewer = await createCallerWithRole(container, http, "viewer", "viewer@admin-ui.test")
        const [asAdmin, asViewer] = await Promise.all([get("/admin/mlm/me"), get("/admin/mlm/me", viewer)])

        const mfa = {
          factor: "confirmed",
          recovery_codes_left: 10,
          locked_for_seconds: null,
          challenge: { completed_at: expect.any(String), expires_at: expect.any(String), age_seconds: expect.any(Number) },
        }
        expect([asAdmin.status, asAdmin.data]).toEqual([200, { user_id: admin.userId, role: "admin", permissions: Object.keys(PERMISSIONS), mfa }])
        expect([asViewer.status, asViewer.data]).toEqual([200, { user_id: viewer.userId, role: "viewer", permissions: ["mlm.read", "self"], mfa }])
        expect(asViewer.data.mfa.challenge.age_seconds).toBeGreaterThanOrEqual(0)
      })

      it("refuses a user without a role (403) and any query parameter (400)", async () => {
        const none = await createCallerWithRole(container, http, null, "none@admin-ui.test")
        const refused = await get("/admin/mlm/me", none)
        const withQuery = await get("/admin/mlm/me?role=admin")
        expect([refused.status, refused.data.message]).toEqual([403, "You have no MLM role; an MLM admin must grant one"])
        expect([withQuery.status, withQuery.data.message]).toEqual([400, "Invalid request: Unrecognized fields: 'role'"])
      })
    })

    describe("GET /admin/mlm/distributors?customer_id=", () => {
      it("selects the distributor of one customer, or none for a plain customer", async () => {
        const mlm = mlmOf(container)
        const house = await mlm.ensureHouse()
        const [member, plain] = await createCustomers(container, [
          { email: "member@admin-ui.test", first_name: "Mia" },
          { email: "plain@admin-ui.test", first_name: "Pat" },
        ])
        const distributor = (await mlm.enroll({ customer_id: member, sponsor_id: house.id, source: "seed" })).distributor

        const found = await get(`/admin/mlm/distributors?customer_id=${member}`)
        const none = await get(`/admin/mlm/distributors?customer_id=${plain}`)

        expect(found.status).toBe(200)
        expect([found.data.count, found.data.distributors.map((row: { id: string }) => row.id)]).toEqual([1, [distributor.id]])
        expect(found.data.distributors[0].customer).toEqual({ id: member, email: "member@admin-ui.test", first_name: "Mia", last_name: "Tree" })
        expect([none.status, none.data]).toEqual([200, { distributors: [], count: 0, limit: 20, offset: 0 }])

        // The card's detail: rank (none before a closed period) and the referral link.
        const detail = await get(`/admin/mlm/distributors/${distributor.id}?depth=1`)
        expect([detail.status, detail.data.distributor.rank, detail.data.distributor.referral_link]).toEqual([
          200,
          null,
          `/join?ref=${distributor.referral_code}`,
        ])
        const houseDetail = await get(`/admin/mlm/distributors/${distributor.sponsor_id}?depth=1`)
        expect([houseDetail.status, houseDetail.data.distributor.is_house, houseDetail.data.distributor.rank]).toEqual([200, true, null])
      })

      it("refuses q with customer_id, and a malformed customer id", async () => {
        const both = await get("/admin/mlm/distributors?q=abc&customer_id=cus_1")
        const malformed = await get("/admin/mlm/distributors?customer_id=cus%27x")
        expect([both.status, both.data.message]).toEqual([400, "Invalid request: Give either q or customer_id, not both"])
        expect([malformed.status, malformed.data.message]).toEqual([
          400,
          "Invalid request: customer_id must contain only letters, digits, '_' and '-'",
        ])
      })
    })

    describe("GET /admin/mlm/commissions/:order_id with its job", () => {
      it("shows a queued job before the record exists, its failure, then the record with the job done", async () => {
        const mlm = mlmOf(container)
        const house = await mlm.ensureHouse()
        const [sponsorCustomer, buyerCustomer] = await createCustomers(container, [
          { email: "sponsor@job.test", first_name: "Sam" },
          { email: "buyer@job.test", first_name: "Bo" },
        ])
        const sponsor = (await mlm.enroll({ customer_id: sponsorCustomer, sponsor_id: house.id, status: "active", source: "seed" })).distributor
        const buyer = (await mlm.enroll({ customer_id: buyerCustomer, sponsor_id: sponsor.id, status: "active", source: "seed" })).distributor
        const gateway = await mlm.commissions()
        const job = orderJob("order_ui_job", buyer, new Date(Date.now() - 60_000), 10000)

        // No Redis in the tests: the job stays pending in the outbox.
        expect(await gateway.enqueue([job])).toEqual({ recorded: ["order-order_ui_job"], offered: false })
        const queued = await get("/admin/mlm/commissions/order_ui_job")
        const jobState = {
          job_key: "order-order_ui_job",
          job_name: "order",
          status: "pending",
          attempts: 0,
          last_error: null,
          created_at: expect.any(String),
          queued_at: null,
          done_at: null,
        }
        expect([queued.status, queued.data]).toEqual([200, { record: null, adjustments: [], lines: [], job: jobState }])

        await markOutboxFailed(gateway.db.exec, "order-order_ui_job", "Plan version missing for USD")
        const failed = await get("/admin/mlm/commissions/order_ui_job")
        expect(failed.data.job).toEqual({ ...jobState, status: "failed", last_error: "Plan version missing for USD" })

        expect(await processOrderBatch(gateway.db, [job], { holdingDays: 30, now: () => new Date() })).toEqual({ recorded: 1, duplicates: 0, lines: 1 })
        const done = await get("/admin/mlm/commissions/order_ui_job")
        expect(done.status).toBe(200)
        expect(done.data.record).toMatchObject({ order_id: "order_ui_job", cv_minor: 10000, owner_distributor_id: buyer.id })
        expect(done.data.lines.map((line: { distributor_id: string; amount_minor: number }) => [line.distributor_id, line.amount_minor])).toEqual([
          [sponsor.id, 1000],
        ])
        expect(done.data.job).toMatchObject({ job_key: "order-order_ui_job", status: "done", done_at: expect.any(String) })
      })

      it("still answers 404 for an order with neither a record nor a job", async () => {
        const unknown = await get("/admin/mlm/commissions/order_never_seen")
        expect([unknown.status, unknown.data]).toEqual([404, { type: "not_found", message: "Order order_never_seen has no commission record" }])
      })
    })

    describe("GET /admin/mlm/overview", () => {
      it("counts the network and who joined this month, for every role", async () => {
        const viewer = await createCallerWithRole(container, http, "viewer", "viewer-overview@admin-ui.test")
        const before = (await get("/admin/mlm/overview")).data
        const mlm = mlmOf(container)
        const house = await mlm.ensureHouse()
        const [a, b] = await createCustomers(container, [
          { email: "a@overview.test", first_name: "Al" },
          { email: "b@overview.test", first_name: "Bea" },
        ])
        const first = (await mlm.enroll({ customer_id: a, sponsor_id: house.id, status: "active", source: "seed" })).distributor
        await mlm.enroll({ customer_id: b, sponsor_id: first.id, status: "pending", source: "seed" })

        const now = new Date()
        const monthKey = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`
        const [asAdmin, asViewer] = await Promise.all([get("/admin/mlm/overview"), get(`/admin/mlm/overview?period_key=${monthKey}`, viewer)])
        expect(asAdmin.status).toBe(200)
        expect(asAdmin.data.period.key).toBe(monthKey)
        expect(asAdmin.data.network).toEqual({
          distributors: before.network.distributors + 2,
          by_status: {
            ...before.network.by_status,
            active: (before.network.by_status.active ?? 0) + 1,
            pending: (before.network.by_status.pending ?? 0) + 1,
          },
          new_in_period: before.network.new_in_period + 2,
        })
        expect(asAdmin.data.money).toEqual(expect.objectContaining({ volume: expect.any(Array), commissions: expect.any(Array) }))
        // viewer has no money.read: the same network, and no money at all.
        expect([asViewer.status, asViewer.data]).toEqual([200, { period: asAdmin.data.period, network: asAdmin.data.network }])
      })

      it("sums one period's volume and its commissions by status: orders, clawbacks and the period's run", async () => {
        const mlm = mlmOf(container)
        const house = await mlm.ensureHouse()
        const [ca, cb, cc] = await createCustomers(container, [
          { email: "pa@overview.test", first_name: "Pa" },
          { email: "pb@overview.test", first_name: "Pb" },
          { email: "pc@overview.test", first_name: "Pc" },
        ])
        const pa = (await mlm.enroll({ customer_id: ca, sponsor_id: house.id, status: "active", source: "seed" })).distributor
        const pb = (await mlm.enroll({ customer_id: cb, sponsor_id: pa.id, status: "active", source: "seed" })).distributor
        const pc = (await mlm.enroll({ customer_id: cc, sponsor_id: pb.id, status: "active", source: "seed" })).distributor
        const gateway = await mlm.commissions()
        const orders = [
          orderJob("order_ov_1", pc, new Date("2025-02-10T12:00:00Z"), 10000),
          orderJob("order_ov_2", pc, new Date("2025-02-20T12:00:00Z"), 2000),
          orderJob("order_ov_3", pc, new Date("2025-03-01T00:00:00Z"), 5000),
        ]
        // Each pays pb 10 % and pa 5 %; all three are past their hold, so available at once.
        expect(await processOrderBatch(gateway.db, orders, { holdingDays: 30, now: () => new Date() })).toEqual({ recorded: 3, duplicates: 0, lines: 6 })
        // Canceled after the hold: clawback lines of -200 and -100.
        await gateway.adjustNow({ kind: "adjustment", adjustment_key: "ov_cancel_2", order_id: "order_ov_2", type: "cancel", at: new Date().toISOString() })
        // The February run, closed: one pool line of 777 to pa.
        await gateway.db.exec(
          `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, runs) VALUES ('mlmrun_ov_feb', '2025-02', 'USD', $1, 'closed', 1)`,
          [planVersionId]
        )
        await gateway.db.exec(
          `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, status)
           SELECT 'period', 'mlmrun_ov_feb', node_id, 'pool', 0, 777, 'USD', $1, 'available' FROM mlm_distributor WHERE id = $2`,
          [planVersionId, pa.id]
        )

        const february = await get("/admin/mlm/overview?period_key=2025-02")
        expect(february.status).toBe(200)
        expect(february.data.period).toEqual({ key: "2025-02", start: "2025-02-01T00:00:00.000Z", end: "2025-03-01T00:00:00.000Z" })
        expect(february.data.network.new_in_period).toBe(0)
        expect(february.data.money).toEqual({
          volume: [{ currency_code: "USD", orders: 2, cv_minor: 12000, net_cv_minor: 10000 }],
          // 1000 + 500 + 200 + 100 - 200 - 100 + 777
          commissions: [{ currency_code: "USD", status: "available", lines: 7, amount_minor: 2277 }],
        })
        const march = (await get("/admin/mlm/overview?period_key=2025-03")).data.money
        expect(march).toEqual({
          volume: [{ currency_code: "USD", orders: 1, cv_minor: 5000, net_cv_minor: 5000 }],
          commissions: [{ currency_code: "USD", status: "available", lines: 2, amount_minor: 750 }],
        })
        const week = (await get("/admin/mlm/overview?period_key=2025-W07")).data
        expect([week.period, week.money.volume]).toEqual([
          { key: "2025-W07", start: "2025-02-10T00:00:00.000Z", end: "2025-02-17T00:00:00.000Z" },
          [{ currency_code: "USD", orders: 1, cv_minor: 10000, net_cv_minor: 10000 }],
        ])
      })

      it("refuses a period key that names no period, and unknown parameters", async () => {
        const cases: [string, string][] = [
          ["period_key=2025-13", "Invalid request: period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
          ["period_key=2025/02", "Invalid request: period_key must be a month (2026-11) or an ISO week (2026-W47)"],
          ["currency_code=USD", "Invalid request: Unrecognized fields: 'currency_code'"],
        ]
        for (const [query, message] of cases) {
          const response = await get(`/admin/mlm/overview?${query}`)
          expect([query, response.status, response.data.message]).toEqual([query, 400, message])
        }
      })
    })
  },
})
