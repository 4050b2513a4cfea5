import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { parsePlan, planVersionHash } from "../../src/engine"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type { DistributorDTO } from "../../src/modules/mlm"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { registerCustomer, type CustomerCaller } from "../helpers/customer-auth"
import { httpClient, type HttpClient } from "../helpers/http"
import { createCustomers, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

const DAY_MS = 86_400_000
const PLAN_VERSION_ID = "mlmplv_ledger_api"
// 10 % to the buyer's sponsor, 5 % to the next one up (the house never earns).
const PLAN = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }

type Seeded = {
  top: DistributorDTO
  mid: DistributorDTO
  buyer: DistributorDTO
  topCaller: CustomerCaller
  midCaller: CustomerCaller
  stranger: CustomerCaller
  orders: { a: OrderJob; b: OrderJob; c: OrderJob }
}

function orderJob(orderId: string, buyer: DistributorDTO, placedAt: Date, item: OrderJob["items"][number], totalMinor: number): OrderJob {
  return {
    kind: "order",
    order_id: orderId,
    currency_code: "USD",
    placed_at: placedAt.toISOString(),
    customer_id: buyer.customer_id,
    distributor_id: buyer.id,
    referrer_id: null,
    total_minor: totalMinor,
    items: [item],
    retail_minor: null,
    wholesale_minor: null,
  }
}

const holdUntil = (job: OrderJob) => new Date(new Date(job.placed_at).getTime() + 30 * DAY_MS).toISOString()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let admin: AdminCaller
    let store: StoreFixture

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      store = await createStoreFixture(container)
    })

    const get = (url: string) => http.get(url, admin.headers)
    const post = (url: string, body: unknown) => http.post(url, body, admin.headers)

    /**
     * house → top → mid → buyer (top and mid can log in; stranger is a customer, not a
     * distributor), one plan version, and three orders written by the commission worker's own
     * batch processor (no Redis, no events): A and B inside the 30-day hold, C placed 40 days ago.
     */
    async function seedLedger(): Promise<Seeded> {
      const mlm = mlmOf(container)
      const house = await mlm.ensureHouse()
      const topCaller = await registerCustomer(http, store.storeHeaders, { email: "top@ledger.test", first_name: "Tia" })
      const midCaller = await registerCustomer(http, store.storeHeaders, { email: "mid@ledger.test", first_name: "Mo" })
      const stranger = await registerCustomer(http, store.storeHeaders, { email: "stranger@ledger.test", first_name: "Sy" })
      const [buyerCustomer] = await createCustomers(container, [{ email: "buyer@ledger.test", first_name: "Bea" }])
      const top = (await mlm.enroll({ customer_id: topCaller.customerId, sponsor_id: house.id, source: "seed" })).distributor
      const mid = (await mlm.enroll({ customer_id: midCaller.customerId, sponsor_id: top.id, source: "seed" })).distributor
      const buyer = (await mlm.enroll({ customer_id: buyerCustomer, sponsor_id: mid.id, source: "seed" })).distributor

      const gateway = await mlm.commissions()
      const plan = parsePlan(PLAN)
      await gateway.db.exec(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ('mlmplan_ledger_api', 'ledger api', 'monthly', $1::jsonb)`, [
        JSON.stringify(PLAN),
      ])
      await gateway.db.exec(
        `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
         VALUES ($1, 'mlmplan_ledger_api', 1, 'USD', 'monthly', $2::jsonb, $3, '2000-01-01T00:00:00Z')`,
        [PLAN_VERSION_ID, JSON.stringify(PLAN), planVersionHash(plan)],
      )

      const now = Date.now()
      const orders = {
        a: orderJob("order_ledger_a", buyer, new Date(now - 60_000), { item_id: "ordli_a", variant_id: null, quantity: 2, unit_price_minor: 5000, cv_minor: 10000 }, 10000),
        b: orderJob("order_ledger_b", mid, new Date(now - 30_000), { item_id: "ordli_b", variant_id: null, quantity: 1, unit_price_minor: 4000, cv_minor: 3345 }, 4000),
        c: orderJob("order_ledger_c", buyer, new Date(now - 40 * DAY_MS), { item_id: "ordli_c", variant_id: null, quantity: 2, unit_price_minor: 1250, cv_minor: 2000 }, 2500),
      }
      const outcome = await processOrderBatch(gateway.db, [orders.a, orders.b, orders.c], { holdingDays: 30, now: () => new Date() })
      expect(outcome).toEqual({ recorded: 3, duplicates: 0, lines: 5 })
      return { top, mid, buyer, topCaller, midCaller, stranger, orders }
    }

    /** A line as the admin API shows it, from the facts a test knows. */
    function adminLine(
      s: Seeded,
      to: DistributorDTO,
      job: OrderJob,
      fields: { level: number; amount: number; base: number; rate: number; kind?: string; source?: string; status?: string; held?: boolean }
    ) {
      const held = fields.held ?? new Date(job.placed_at).getTime() + 30 * DAY_MS > Date.now()
      return {
        id: expect.stringMatching(/^\d+$/),
        distributor_id: to.id,
        source_kind: fields.kind ?? "order",
        source_id: fields.source ?? job.order_id,
        order_id: job.order_id,
        bonus: "unilevel",
        level: fields.level,
        amount_minor: fields.amount,
        currency_code: "USD",
        base_minor: fields.base,
        rate_bp: fields.rate,
        plan_version_id: PLAN_VERSION_ID,
        status: fields.status ?? (held ? "pending" : "available"),
        hold_until: fields.kind === "adjustment" && !held ? null : holdUntil(job),
        created_at: expect.any(String),
      }
    }

    describe("GET /admin/mlm/ledger", () => {
      it("lists every line newest first with exact integer amounts, bases, rates and holds", async () => {
        const s = await seedLedger()
        const { a, b, c } = s.orders

        const all = await get("/admin/mlm/ledger")

        expect(all.status).toBe(200)
        expect(all.data).toEqual({
          count: 5,
          limit: 20,
          offset: 0,
          lines: [
            adminLine(s, s.top, c, { level: 2, amount: 100, base: 2000, rate: 500 }),
            adminLine(s, s.mid, c, { level: 1, amount: 200, base: 2000, rate: 1000 }),
            adminLine(s, s.top, b, { level: 1, amount: 335, base: 3345, rate: 1000 }),
            adminLine(s, s.top, a, { level: 2, amount: 500, base: 10000, rate: 500 }),
            adminLine(s, s.mid, a, { level: 1, amount: 1000, base: 10000, rate: 1000 }),
          ],
        })
        const ids = all.data.lines.map((line: { id: string }) => Number(line.id))
        expect(ids).toEqual([...ids].sort((x, y) => y - x))
      })

      it("filters by distributor, order, status and bonus, and pages", async () => {
        const s = await seedLedger()
        const amounts = async (query: string) => {
          const response = await get(`/admin/mlm/ledger?${query}`)
          expect(response.status).toBe(200)
          return { count: response.data.count, amounts: response.data.lines.map((line: { amount_minor: number }) => line.amount_minor) }
        }

        expect(await amounts(`distributor_id=${s.top.id}`)).toEqual({ count: 3, amounts: [100, 335, 500] })
        expect(await amounts(`distributor_id=${s.mid.id}&status=pending`)).toEqual({ count: 1, amounts: [1000] })
        expect(await amounts(`distributor_id=${s.mid.id}&status=available`)).toEqual({ count: 1, amounts: [200] })
        expect(await amounts(`order_id=${s.orders.a.order_id}&bonus=unilevel`)).toEqual({ count: 2, amounts: [500, 1000] })
        expect(await amounts("bonus=binary")).toEqual({ count: 0, amounts: [] })
        expect(await amounts("status=canceled")).toEqual({ count: 0, amounts: [] })
        expect(await amounts(`distributor_id=${s.buyer.id}`)).toEqual({ count: 0, amounts: [] })
        expect(await amounts("distributor_id=mlmdist_nobody")).toEqual({ count: 0, amounts: [] })
        expect(await amounts("limit=2&offset=1")).toEqual({ count: 5, amounts: [200, 335] })
        expect(await amounts("limit=200&offset=4")).toEqual({ count: 5, amounts: [1000] })
      })

      it("rejects bad query parameters with a 400 naming the problem", async () => {
        await seedLedger()
        const cases: [string, string][] = [
          ["limit=201", "Invalid request: Value for field 'limit' too big, expected at most: '200'"],
          ["limit=0", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
          ["offset=-1", "Invalid request: Value for field 'offset' too small, expected at least: '0'"],
          ["status=paid", "Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'paid'"],
          [
            "bonus=jackpot",
            "Invalid request: Expected: 'unilevel, retail_profit, fast_start, binary, matrix, matrix_completion, board_cycle, " +
              "board_reentry_fee, stair_step, generation, matching, pool' for field 'bonus', but got: 'jackpot'",
          ],
          ["beneficiary_node=1", "Invalid request: Unrecognized fields: 'beneficiary_node'"],
          ["a.b.c=1", "Invalid request: Unrecognized fields: 'a.b.c'"],
          ["distributor_id=x%27%3B--", "Invalid request: distributor_id must contain only letters, digits, '_' and '-'"],
          ["order_id=a%00b", "Invalid request: order_id must contain only letters, digits, '_' and '-'"],
          [
            "status=pending&status=available",
            "Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'pending,available'",
          ],
        ]
        for (const [query, message] of cases) {
          const response = await get(`/admin/mlm/ledger?${query}`)
          expect({ query, status: response.status, message: response.data.message }).toEqual({ query, status: 400, message })
        }
      })
    })

    describe("GET /admin/mlm/commissions/:order_id", () => {
      it("shows the record with its terms by distributor id, its adjustments and its lines", async () => {
        const s = await seedLedger()
        const { a } = s.orders

        const response = await get(`/admin/mlm/commissions/${a.order_id}`)

        expect(response.status).toBe(200)
        expect(response.data).toEqual({
          record: {
            order_id: a.order_id,
            plan_version_id: PLAN_VERSION_ID,
            currency_code: "USD",
            customer_id: s.buyer.customer_id,
            owner_distributor_id: s.buyer.id,
            buyer_kind: "distributor",
            cv_minor: 10000,
            net_cv_minor: 10000,
            total_minor: 10000,
            retail_minor: null,
            wholesale_minor: null,
            refunded_minor: 0,
            returned_cv_minor: 0,
            returned_items: {},
            items: a.items,
            terms: [
              { distributor_id: s.mid.id, bonus: "unilevel", level: 1, rate_bp: 1000, full_minor: null },
              { distributor_id: s.top.id, bonus: "unilevel", level: 2, rate_bp: 500, full_minor: null },
            ],
            period_key: a.placed_at.slice(0, 7),
            placed_at: a.placed_at,
            hold_until: holdUntil(a),
            status: "open",
            created_at: expect.any(String),
            updated_at: expect.any(String),
          },
          adjustments: [],
          lines: [
            adminLine(s, s.top, a, { level: 2, amount: 500, base: 10000, rate: 500 }),
            adminLine(s, s.mid, a, { level: 1, amount: 1000, base: 10000, rate: 1000 }),
          ],
          // Processed directly here, never through the outbox: no job to show.
          job: null,
        })
      })

      it("answers 404 for an order without a record and 400 for a malformed id or any query", async () => {
        await seedLedger()
        const unknown = await get("/admin/mlm/commissions/order_nope")
        const malformed = await get("/admin/mlm/commissions/order%27nope")
        const withQuery = await get("/admin/mlm/commissions/order_ledger_a?fields=terms")

        expect([unknown.status, malformed.status, withQuery.status]).toEqual([404, 400, 400])
        expect(unknown.data.message).toBe("Order order_nope has no commission record")
        expect(malformed.data.message).toBe("Invalid request: order_id: order_id must contain only letters, digits, '_' and '-'")
        expect(withQuery.data.message).toBe("Invalid request: Unrecognized fields: 'fields'")
      })
    })

    describe("POST /admin/mlm/commissions/:order_id/adjustments", () => {
      it("a refund of half the order posts exact negative lines on the held order; too much more is refused", async () => {
        const s = await seedLedger()
        const { a } = s.orders

        const refund = await post(`/admin/mlm/commissions/${a.order_id}/adjustments`, { type: "refund", refund_minor: 5000, reason: "refunded by bank transfer" })

        expect(refund.status).toBe(201)
        const key = refund.data.adjustment.adjustment_key
        expect(key).toMatch(/^admin-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        expect(refund.data.adjustment).toEqual({
          adjustment_key: key,
          order_id: a.order_id,
          type: "refund",
          duplicate: false,
          net_cv_before: 10000,
          net_cv_after: 5000,
          lines: 2,
          canceled_lines: 0,
        })
        const detail = (await get(`/admin/mlm/commissions/${a.order_id}`)).data
        expect(detail.record).toMatchObject({ cv_minor: 10000, net_cv_minor: 5000, refunded_minor: 5000, status: "open" })
        expect(detail.adjustments).toEqual([
          {
            id: expect.stringMatching(/^\d+$/),
            adjustment_key: key,
            order_id: a.order_id,
            kind: "refund",
            cv_minor: 5000,
            net_cv_before: 10000,
            net_cv_after: 5000,
            actor_id: expect.stringMatching(/^user_/),
            reason: "refunded by bank transfer",
            created_at: expect.any(String),
          },
        ])
        const clawback = { kind: "adjustment", source: key }
        expect(detail.lines).toEqual([
          adminLine(s, s.top, a, { level: 2, amount: -250, base: -5000, rate: 500, ...clawback }),
          adminLine(s, s.mid, a, { level: 1, amount: -500, base: -5000, rate: 1000, ...clawback }),
          adminLine(s, s.top, a, { level: 2, amount: 500, base: 10000, rate: 500 }),
          adminLine(s, s.mid, a, { level: 1, amount: 1000, base: 10000, rate: 1000 }),
        ])

        const tooMuch = await post(`/admin/mlm/commissions/${a.order_id}/adjustments`, { type: "refund", refund_minor: 6000 })
        expect(tooMuch.status).toBe(400)
        expect(tooMuch.data.message).toBe(`Refund of 6000 exceeds the 5000 that remains refundable on order ${a.order_id}`)
        const rest = await post(`/admin/mlm/commissions/${a.order_id}/adjustments`, { type: "refund", refund_minor: 5000 })
        expect(rest.status).toBe(201)
        expect(rest.data.adjustment).toMatchObject({ net_cv_before: 5000, net_cv_after: 0, lines: 2, canceled_lines: 0 })
        const balances = (await get(`/admin/mlm/distributors/${s.mid.id}/balances`)).data.balances
        expect(balances).toEqual([{ currency_code: "USD", pending_minor: 0, available_minor: 200 }])
      })

      it("a return after the hold claws back available lines; a cancellation during the hold cancels the held lines", async () => {
        const s = await seedLedger()
        const { b, c } = s.orders

        const returned = await post(`/admin/mlm/commissions/${c.order_id}/adjustments`, { type: "return", items: [{ item_id: "ordli_c", quantity: 1 }] })
        const canceled = await post(`/admin/mlm/commissions/${b.order_id}/adjustments`, { type: "cancel" })

        expect([returned.status, canceled.status]).toEqual([201, 201])
        expect(returned.data.adjustment).toMatchObject({ type: "return", net_cv_before: 2000, net_cv_after: 1000, lines: 2, canceled_lines: 0 })
        expect(canceled.data.adjustment).toMatchObject({ type: "cancel", net_cv_before: 3345, net_cv_after: 0, lines: 0, canceled_lines: 1 })
        const key = returned.data.adjustment.adjustment_key
        const cLines = (await get(`/admin/mlm/ledger?order_id=${c.order_id}`)).data.lines
        expect(cLines).toEqual([
          adminLine(s, s.top, c, { level: 2, amount: -50, base: -1000, rate: 500, kind: "adjustment", source: key }),
          adminLine(s, s.mid, c, { level: 1, amount: -100, base: -1000, rate: 1000, kind: "adjustment", source: key }),
          adminLine(s, s.top, c, { level: 2, amount: 100, base: 2000, rate: 500 }),
          adminLine(s, s.mid, c, { level: 1, amount: 200, base: 2000, rate: 1000 }),
        ])
        const bLines = (await get(`/admin/mlm/ledger?order_id=${b.order_id}`)).data.lines
        expect(bLines).toEqual([adminLine(s, s.top, b, { level: 1, amount: 335, base: 3345, rate: 1000, status: "canceled" })])
        expect((await get(`/admin/mlm/distributors/${s.top.id}/balances`)).data).toEqual({
          distributor_id: s.top.id,
          balances: [{ currency_code: "USD", pending_minor: 500, available_minor: 50 }],
        })
      })

      it("refuses returns the order cannot take (400) and orders without a record (404), changing nothing", async () => {
        const s = await seedLedger()
        const { c } = s.orders
        const url = `/admin/mlm/commissions/${c.order_id}/adjustments`

        const tooMany = await post(url, { type: "return", items: [{ item_id: "ordli_c", quantity: 3 }] })
        const twice = await post(url, { type: "return", items: [{ item_id: "ordli_c", quantity: 2 }, { item_id: "ordli_c", quantity: 1 }] })
        const unknownItem = await post(url, { type: "return", items: [{ item_id: "ordli_nope", quantity: 1 }] })
        const unknownOrder = await post("/admin/mlm/commissions/order_nope/adjustments", { type: "cancel" })

        expect([tooMany.status, twice.status, unknownItem.status, unknownOrder.status]).toEqual([400, 400, 400, 404])
        expect(tooMany.data.message).toBe(`Return of 3 × ordli_c exceeds the 2 not yet returned on order ${c.order_id}`)
        expect(twice.data.message).toBe(`Return of 1 × ordli_c exceeds the 0 not yet returned on order ${c.order_id}`)
        expect(unknownItem.data.message).toBe(`Order ${c.order_id} has no item ordli_nope`)
        expect(unknownOrder.data.message).toBe("Order order_nope has no commission record")
        const detail = (await get(`/admin/mlm/commissions/${c.order_id}`)).data
        expect(detail.adjustments).toEqual([])
        expect(detail.record).toMatchObject({ net_cv_minor: 2000, returned_cv_minor: 0, returned_items: {} })
        expect(detail.lines).toHaveLength(2)
      })

      it("rejects malformed bodies with a 400 before anything runs", async () => {
        const s = await seedLedger()
        const url = `/admin/mlm/commissions/${s.orders.a.order_id}/adjustments`
        const cases: [unknown, string][] = [
          [{}, "Invalid request: type must be one of 'refund', 'return', 'cancel'"],
          [{ type: "payout" }, "Invalid request: type must be one of 'refund', 'return', 'cancel'"],
          [{ type: "refund" }, "Invalid request: Field 'refund_minor' is required"],
          [{ type: "refund", refund_minor: 0 }, "Invalid request: Value for field 'refund_minor' too small, expected at least: '1'"],
          [{ type: "refund", refund_minor: 12.5 }, "Invalid request: Expected type: 'int' for field 'refund_minor', got: '12.5'"],
          [{ type: "refund", refund_minor: "500" }, "Invalid request: Expected type: 'number' for field 'refund_minor', got: '500'"],
          [{ type: "refund", refund_minor: 500, items: [] }, "Invalid request: Unrecognized fields: 'items'"],
          [{ type: "cancel", adjustment_key: "mine" }, "Invalid request: Unrecognized fields: 'adjustment_key'"],
          [{ type: "return", items: [] }, "Invalid request: Value for field 'items' too small, expected at least: '1'"],
          [{ type: "return", items: [{ item_id: "ordli_a" }] }, "Invalid request: Field 'items, 0, quantity' is required"],
          [{ type: "return", items: [{ item_id: "ordli a", quantity: 1 }] }, "Invalid request: item_id must contain only letters, digits, '_' and '-'"],
          [{ type: "cancel", reason: "x".repeat(501) }, "Invalid request: Value for field 'reason' too big, expected at most: '500'"],
          [{ type: "cancel", reason: "a\u0000b" }, "Invalid request: reason must not contain NUL bytes"],
        ]
        for (const [body, message] of cases) {
          const response = await post(url, body)
          expect({ body, status: response.status, message: response.data.message }).toEqual({ body, status: 400, message })
        }
        const withQuery = await post(`${url}?dry_run=true`, { type: "cancel" })
        expect(withQuery.status).toBe(400)
        expect(withQuery.data.message).toBe("Invalid request: Unrecognized fields: 'dry_run'")
        expect((await get(`/admin/mlm/commissions/${s.orders.a.order_id}`)).data.adjustments).toEqual([])
      })
    })

    describe("GET /admin/mlm/distributors/:id/balances", () => {
      it("sums pending and available per currency; a distributor without lines has none; unknown ids are 404", async () => {
        const s = await seedLedger()

        const top = await get(`/admin/mlm/distributors/${s.top.id}/balances`)
        const mid = await get(`/admin/mlm/distributors/${s.mid.id}/balances`)
        const buyer = await get(`/admin/mlm/distributors/${s.buyer.id}/balances`)
        const unknown = await get("/admin/mlm/distributors/mlmdist_nobody/balances")
        const query = await get(`/admin/mlm/distributors/${s.top.id}/balances?currency_code=USD`)

        expect([top.status, mid.status, buyer.status, unknown.status, query.status]).toEqual([200, 200, 200, 404, 400])
        expect(top.data).toEqual({ distributor_id: s.top.id, balances: [{ currency_code: "USD", pending_minor: 835, available_minor: 100 }] })
        expect(mid.data).toEqual({ distributor_id: s.mid.id, balances: [{ currency_code: "USD", pending_minor: 1000, available_minor: 200 }] })
        expect(buyer.data).toEqual({ distributor_id: s.buyer.id, balances: [] })
        expect(unknown.data.message).toBe("Distributor with id mlmdist_nobody was not found")
        expect(query.data.message).toBe("Invalid request: Unrecognized fields: 'currency_code'")
      })
    })

    describe("/admin/mlm/jobs (no Redis configured)", () => {
      it("reports the queue as not configured, lists no failed jobs, and finds no job to retry", async () => {
        await seedLedger()
        const gateway = await mlmOf(container).commissions()
        await gateway.enqueue([{ kind: "adjustment", adjustment_key: "refund_x", order_id: "order_ledger_a", type: "refund", at: new Date().toISOString(), refund_minor: 1 }])

        const status = await get("/admin/mlm/jobs/status")
        const failed = await get("/admin/mlm/jobs/failed?limit=5&offset=0")
        const retry = await post("/admin/mlm/jobs/refund-refund_x/retry", {})
        const retryWithoutBody = await post("/admin/mlm/jobs/refund-refund_x/retry", undefined)

        expect([status.status, failed.status, retry.status, retryWithoutBody.status]).toEqual([200, 200, 404, 404])
        expect(status.data).toEqual({ queue_configured: false, worker_running: false, queue: null, outbox: { pending: 1 } })
        expect(failed.data).toEqual({ jobs: [], count: 0, limit: 5, offset: 0 })
        expect(retry.data.message).toBe("Failed commission job refund-refund_x was not found")
      })

      it("validates paging, job ids and bodies", async () => {
        const cases: [Promise<{ status: number; data: { message: string } }>, string][] = [
          [get("/admin/mlm/jobs/failed?limit=201"), "Invalid request: Value for field 'limit' too big, expected at most: '200'"],
          [get("/admin/mlm/jobs/failed?state=failed"), "Invalid request: Unrecognized fields: 'state'"],
          [get("/admin/mlm/jobs/status?verbose=1"), "Invalid request: Unrecognized fields: 'verbose'"],
          [post("/admin/mlm/jobs/order%3Ax/retry", {}), "Invalid request: job_id: job_id must contain only letters, digits, '_' and '-'"],
          [post(`/admin/mlm/jobs/${"j".repeat(257)}/retry`, {}), "Invalid request: job_id: Too big: expected string to have <=256 characters"],
          [post("/admin/mlm/jobs/order-x/retry", { force: true }), "Invalid request: Unrecognized fields: 'force'"],
        ]
        for (const [request, message] of cases) {
          const response = await request
          expect({ status: response.status, message: response.data.message }).toEqual({ status: 400, message })
        }
      })
    })

    describe("store back office: /store/mlm/me/commissions and /store/mlm/me/balances", () => {
      it("a distributor sees only its own lines and balances", async () => {
        const s = await seedLedger()
        const storeLine = (job: OrderJob, level: number, amount: number, base: number, rate: number) => {
          const held = new Date(job.placed_at).getTime() + 30 * DAY_MS > Date.now()
          return {
            id: expect.stringMatching(/^\d+$/),
            source_kind: "order",
            order_id: job.order_id,
            bonus: "unilevel",
            level,
            amount_minor: amount,
            currency_code: "USD",
            base_minor: base,
            rate_bp: rate,
            status: held ? "pending" : "available",
            hold_until: holdUntil(job),
            created_at: expect.any(String),
          }
        }

        const midLines = await http.get("/store/mlm/me/commissions", s.midCaller.headers)
        const topHeld = await http.get("/store/mlm/me/commissions?status=pending&limit=1", s.topCaller.headers)
        const midBalances = await http.get("/store/mlm/me/balances", s.midCaller.headers)

        expect([midLines.status, topHeld.status, midBalances.status]).toEqual([200, 200, 200])
        expect(midLines.data).toEqual({
          lines: [storeLine(s.orders.c, 1, 200, 2000, 1000), storeLine(s.orders.a, 1, 1000, 10000, 1000)],
          count: 2,
          limit: 20,
          offset: 0,
        })
        expect(topHeld.data).toEqual({ lines: [storeLine(s.orders.b, 1, 335, 3345, 1000)], count: 2, limit: 1, offset: 0 })
        expect(midBalances.data).toEqual({ balances: [{ currency_code: "USD", pending_minor: 1000, available_minor: 200 }] })
      })

      it("a customer who is not a distributor gets 404; no login is 401; nobody can ask for someone else", async () => {
        const s = await seedLedger()

        const strangerLines = await http.get("/store/mlm/me/commissions", s.stranger.headers)
        const strangerBalances = await http.get("/store/mlm/me/balances", s.stranger.headers)
        const anonymous = await http.get("/store/mlm/me/commissions", store.storeHeaders)
        const otherLines = await http.get(`/store/mlm/me/commissions?distributor_id=${s.top.id}`, s.midCaller.headers)
        const otherBalances = await http.get(`/store/mlm/me/balances?distributor_id=${s.top.id}`, s.midCaller.headers)
        const badStatus = await http.get("/store/mlm/me/commissions?status=paid", s.midCaller.headers)
        const bigPage = await http.get("/store/mlm/me/commissions?limit=500", s.midCaller.headers)

        expect([strangerLines.status, strangerBalances.status, anonymous.status]).toEqual([404, 404, 401])
        expect(strangerLines.data.message).toBe("You are not a distributor")
        expect(strangerBalances.data.message).toBe("You are not a distributor")
        expect([otherLines.status, otherBalances.status, badStatus.status, bigPage.status]).toEqual([400, 400, 400, 400])
        expect(otherLines.data.message).toBe("Invalid request: Unrecognized fields: 'distributor_id'")
        expect(otherBalances.data.message).toBe("Invalid request: Unrecognized fields: 'distributor_id'")
        expect(badStatus.data.message).toBe("Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'paid'")
        expect(bigPage.data.message).toBe("Invalid request: Value for field 'limit' too big, expected at most: '200'")
      })
    })
  },
})
