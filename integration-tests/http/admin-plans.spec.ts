import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { parsePlan, planVersionHash } from "../../src/engine"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(120_000)

const UNILEVEL_USD = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }
const MINUTE = 60_000

type Line = { to: string; bonus: string; level?: number; source: string; cents: number }
const byKey = (lines: Line[]) => [...lines].sort((a, b) => `${a.source}/${a.to}`.localeCompare(`${b.source}/${b.to}`))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let admin: AdminCaller
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
    })

    const get = (url: string) => http.get(url, admin.headers)
    const post = (url: string, body: unknown) => http.post(url, body, admin.headers)
    const del = (url: string) => http.delete(url, admin.headers)
    const createPlan = async (draft: unknown, name = "Unilevel 2026") =>
      expectOk(await post("/admin/mlm/plans", { name, draft }), 201).data.plan

    describe("plan lifecycle", () => {
      it("saves a draft, validates it with the engine's paths, activates versions and finds the one in force", async () => {
        const bad = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500, 10001] }] }
        const plan = await createPlan(bad)
        expect(plan).toMatchObject({ name: "Unilevel 2026", period: "monthly", draft: bad, created_by: admin.userId, updated_by: admin.userId })
        expect(plan.id).toMatch(/^mlmplan_/)

        const invalid = expectOk(await post(`/admin/mlm/plans/${plan.id}/validate`, {})).data
        expect(invalid).toEqual({
          valid: false,
          issues: [{ path: "plan.components[0].levels_bp[2]", message: "must be an integer 0..10000" }],
          activation_issues: [],
        })
        const refused = await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: new Date(Date.now() + MINUTE).toISOString() })
        expect([refused.status, refused.data.message]).toEqual([
          400,
          "The plan draft is invalid: plan.components[0].levels_bp[2]: must be an integer 0..10000",
        ])

        const fixed = expectOk(await post(`/admin/mlm/plans/${plan.id}`, { draft: UNILEVEL_USD, period: "weekly" })).data.plan
        expect(fixed).toMatchObject({ id: plan.id, name: "Unilevel 2026", period: "weekly", draft: UNILEVEL_USD })
        expect(expectOk(await post(`/admin/mlm/plans/${plan.id}/validate`, {})).data).toEqual({ valid: true, issues: [], activation_issues: [] })

        // "now" typed a minute ago is still accepted (clock skew allowance).
        const firstFrom = new Date(Date.now() - MINUTE)
        const secondFrom = new Date(Date.now() + 60 * MINUTE)
        const first = expectOk(await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: firstFrom.toISOString() }), 201).data.plan_version
        const definition = { currency: "USD", rounding: "half_up", components: [{ type: "unilevel", levels_bp: [1000, 500], compression: "dynamic" }] }
        expect(first).toEqual({
          id: expect.stringMatching(/^mlmplv_/),
          plan_id: plan.id,
          version: 1,
          currency_code: "USD",
          period: "weekly",
          definition,
          hash: planVersionHash(parsePlan(UNILEVEL_USD)),
          effective_from: firstFrom.toISOString(),
          created_by: admin.userId,
          created_at: expect.any(String),
        })
        const second = expectOk(
          await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: secondFrom.toISOString().replace("Z", "+00:00") }),
          201
        ).data.plan_version
        expect([second.version, second.effective_from]).toEqual([2, secondFrom.toISOString()])

        // Editing the draft afterwards leaves the versions as they were.
        expectOk(await post(`/admin/mlm/plans/${plan.id}`, { draft: { currency: "USD", components: [] } }))
        const versions = expectOk(await get(`/admin/mlm/plans/${plan.id}/versions`)).data.plan_versions
        expect(versions.map((v: { id: string; version: number; definition: unknown }) => [v.id, v.version, v.definition])).toEqual([
          [first.id, 1, definition],
          [second.id, 2, definition],
        ])

        const activeNow = expectOk(await get("/admin/mlm/plan-versions/active?currency_code=usd")).data.plan_version
        expect(activeNow).toEqual({
          id: first.id,
          plan_id: plan.id,
          version: 1,
          currency_code: "USD",
          period: "weekly",
          definition,
          hash: first.hash,
          effective_from: firstFrom.toISOString(),
        })
        const atSecond = (offsetMs: number) => encodeURIComponent(new Date(secondFrom.getTime() + offsetMs).toISOString())
        expect(expectOk(await get(`/admin/mlm/plan-versions/active?currency_code=USD&at=${atSecond(0)}`)).data.plan_version.id).toBe(second.id)
        expect(expectOk(await get(`/admin/mlm/plan-versions/active?currency_code=USD&at=${atSecond(-1)}`)).data.plan_version.id).toBe(first.id)
        const none = await get("/admin/mlm/plan-versions/active?currency_code=EUR&at=2030-01-01T00:00:00Z")
        expect([none.status, none.data.message]).toEqual([404, "No EUR plan version is in force at 2030-01-01T00:00:00.000Z"])
        const before = await get(`/admin/mlm/plan-versions/active?currency_code=USD&at=${encodeURIComponent(new Date(firstFrom.getTime() - 1).toISOString())}`)
        expect(before.status).toBe(404)
      })

      it("lists plans newest first without their drafts, with pagination", async () => {
        const a = await createPlan(UNILEVEL_USD, "A")
        const b = await createPlan(UNILEVEL_USD, "B")
        const c = await createPlan(UNILEVEL_USD, "C")
        const page = expectOk(await get("/admin/mlm/plans?limit=2")).data
        expect(page).toMatchObject({ count: 3, limit: 2, offset: 0 })
        expect(page.plans.map((p: { id: string }) => p.id)).toEqual([c.id, b.id])
        expect(Object.keys(page.plans[0]).sort()).toEqual(["created_at", "created_by", "id", "name", "period", "updated_at", "updated_by"])
        const rest = expectOk(await get("/admin/mlm/plans?limit=2&offset=2")).data
        expect([rest.count, rest.plans.map((p: { id: string }) => p.id)]).toEqual([3, [a.id]])
        expect(expectOk(await get(`/admin/mlm/plans/${a.id}`)).data.plan).toMatchObject({ id: a.id, name: "A", draft: UNILEVEL_USD })
      })

      it("a matrix or a binary in pairs mode validates and simulates, but activation refuses it and writes no version", async () => {
        const matrix = { type: "matrix", width: 3, depth: 3, levels_bp: [500, 400, 300] }
        const pairs = { type: "binary", placement: "bfs", mode: "pairs", pair_cents: 1000 }
        const matrixPlan = await createPlan({ currency: "USD", components: [{ type: "unilevel", levels_bp: [1000] }, matrix] }, "Matrix")
        const pairsPlan = await createPlan({ currency: "USD", components: [pairs] }, "Pairs")
        const unpaid = {
          [matrixPlan.id]: [
            { path: "plan.components[1]", message: "the store does not pay matrix commissions (no placement at enrollment yet): simulate it, activate a plan without it" },
          ],
          [pairsPlan.id]: [{ path: "plan.components[0].mode", message: "the store's period runs pay binary in volume mode only" }],
        }
        for (const plan of [matrixPlan, pairsPlan]) {
          expect(expectOk(await post(`/admin/mlm/plans/${plan.id}/validate`, {})).data).toEqual({ valid: true, issues: [], activation_issues: unpaid[plan.id] })
          const refused = await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: new Date(Date.now() + MINUTE).toISOString() })
          expect([refused.status, refused.data.message]).toEqual([
            400,
            `The plan cannot be activated: ${unpaid[plan.id].map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
          ])
          expect(expectOk(await get(`/admin/mlm/plans/${plan.id}/versions`)).data.plan_versions).toEqual([])
        }
        // B buys 100.00 of CV: A earns 10 % unilevel and 5 % matrix (level 1 of both).
        const simulated = expectOk(
          await post(`/admin/mlm/plans/${matrixPlan.id}/simulate`, {
            members: [{ id: "A" }, { id: "B", sponsor: "A" }],
            events: [{ type: "order", id: "o1", buyer: "B", cv: 10000 }],
          })
        ).data
        expect(simulated.summary).toEqual({ lines: 2, total_minor: { unilevel: 1000, matrix: 500 } })
      })

      it("refuses a second version at the same instant (409), past dates and malformed requests (400), unknown plans (404)", async () => {
        const planA = await createPlan(UNILEVEL_USD, "A")
        const planB = await createPlan(UNILEVEL_USD, "B")
        const at = new Date(Date.now() + 24 * 60 * MINUTE).toISOString()
        const taken = expectOk(await post(`/admin/mlm/plans/${planA.id}/activate`, { effective_from: at }), 201).data.plan_version
        const clash = await post(`/admin/mlm/plans/${planB.id}/activate`, { effective_from: at })
        expect([clash.status, clash.data]).toEqual([
          409,
          { type: "conflict", message: `A USD plan version already takes effect at ${at} (${taken.id}, version 1 of plan ${planA.id})` },
        ])
        const sameplan = await post(`/admin/mlm/plans/${planA.id}/activate`, { effective_from: at })
        expect(sameplan.status).toBe(409)
        expect(expectOk(await get(`/admin/mlm/plans/${planB.id}/versions`)).data.plan_versions).toEqual([])

        const past = await post(`/admin/mlm/plans/${planA.id}/activate`, { effective_from: new Date(Date.now() - 10 * MINUTE).toISOString() })
        expect([past.status, past.data.message]).toEqual([400, "effective_from must not be in the past"])

        const instant = "Invalid request: effective_from must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z"
        const bigDraft = { currency: "USD", components: [], about: "x".repeat(256 * 1024) }
        const nested = (levels: number): unknown => (levels === 0 ? 1 : [nested(levels - 1)])
        const cases: [string, unknown, string][] = [
          [`/admin/mlm/plans/${planA.id}/activate`, { effective_from: "2030-01-01T00:00:00" }, instant],
          [`/admin/mlm/plans/${planA.id}/activate`, { effective_from: "2030-02-30T00:00:00Z" }, instant],
          [`/admin/mlm/plans/${planA.id}/activate`, {}, "Invalid request: Field 'effective_from' is required"],
          [`/admin/mlm/plans/${planA.id}/activate`, { effective_from: at, version: 7 }, "Invalid request: Unrecognized fields: 'version'"],
          ["/admin/mlm/plans", { name: "X", draft: UNILEVEL_USD, status: "active" }, "Invalid request: Unrecognized fields: 'status'"],
          ["/admin/mlm/plans", { draft: UNILEVEL_USD }, "Invalid request: Field 'name' is required"],
          ["/admin/mlm/plans", { name: "X", draft: [UNILEVEL_USD] }, "Invalid request: draft must be a JSON object"],
          ["/admin/mlm/plans", { name: "X", draft: "{}" }, "Invalid request: draft must be a JSON object"],
          ["/admin/mlm/plans", { name: "X" }, "Invalid request: draft must be a JSON object"],
          ["/admin/mlm/plans", { name: "X", draft: UNILEVEL_USD, period: "daily" }, "Invalid request: Expected: 'weekly, monthly' for field 'period', but got: 'daily'"],
          ["/admin/mlm/plans", { name: "X", draft: bigDraft }, "Invalid request: draft must be at most 262144 bytes of JSON"],
          ["/admin/mlm/plans", { name: "X", draft: { currency: "US\u0000D" } }, "Invalid request: draft must not contain NUL characters"],
          ["/admin/mlm/plans", { name: "X\u0000", draft: UNILEVEL_USD }, "Invalid request: name must not contain NUL bytes"],
          ["/admin/mlm/plans", { name: "X", draft: { deep: nested(64) } }, "Invalid request: draft must not nest deeper than 64 levels"],
          [`/admin/mlm/plans/${planA.id}`, {}, "Invalid request: Give at least one of name, period, draft"],
          [`/admin/mlm/plans/${planA.id}/validate`, { draft: UNILEVEL_USD }, "Invalid request: Unrecognized fields: 'draft'"],
        ]
        for (const [url, body, message] of cases) {
          const response = await post(url, body)
          expect({ url, body, status: response.status, message: response.data.message }).toEqual({ url, body, status: 400, message })
        }
        // 64 levels (the draft object and 63 arrays) is the most a draft may nest.
        expectOk(await post("/admin/mlm/plans", { name: "Deep", draft: { deep: nested(63) } }), 201)
        const tooLarge = await post("/admin/mlm/plans", { name: "X", draft: { about: "x".repeat(400 * 1024) } })
        expect(tooLarge.status).toBe(413)

        const queries: [string, string][] = [
          ["/admin/mlm/plans?limit=0", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
          ["/admin/mlm/plans?status=draft", "Invalid request: Unrecognized fields: 'status'"],
          [`/admin/mlm/plans/${planA.id}?fields=draft`, "Invalid request: Unrecognized fields: 'fields'"],
          ["/admin/mlm/plan-versions/active", "Invalid request: Field 'currency_code' is required"],
          ["/admin/mlm/plan-versions/active?currency_code=US", "Invalid request: currency_code must be a three-letter ISO 4217 code"],
          ["/admin/mlm/plan-versions/active?currency_code=USD&at=tomorrow", "Invalid request: at must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z"],
          ["/admin/mlm/plans/mlmplan%00x", "Invalid request: id: id must contain only letters, digits, '_' and '-'"],
        ]
        for (const [url, message] of queries) {
          const response = await get(url)
          expect({ url, status: response.status, message: response.data.message }).toEqual({ url, status: 400, message })
        }

        const missing = "Plan with id mlmplan_missing was not found"
        const notFound = [
          await get("/admin/mlm/plans/mlmplan_missing"),
          await post("/admin/mlm/plans/mlmplan_missing", { name: "Y" }),
          await post("/admin/mlm/plans/mlmplan_missing/validate", {}),
          await post("/admin/mlm/plans/mlmplan_missing/activate", { effective_from: at }),
          await post("/admin/mlm/plans/mlmplan_missing/simulate", { members: [], events: [] }),
          await get("/admin/mlm/plans/mlmplan_missing/versions"),
        ]
        expect(notFound.map((r) => [r.status, r.data.message])).toEqual(notFound.map(() => [404, missing]))
        expect((await http.get("/admin/mlm/plans", {})).status).toBe(401)
      })
      it("concurrent activations: one version per currency and instant, version numbers without gaps per plan", async () => {
        const planA = await createPlan(UNILEVEL_USD, "A")
        const planB = await createPlan(UNILEVEL_USD, "B")
        const hour = (n: number) => new Date(Date.now() + n * 60 * MINUTE).toISOString()
        const attempts: [string, string][] = [
          [planA.id, hour(1)],
          [planB.id, hour(1)],
          [planA.id, hour(2)],
          [planA.id, hour(3)],
          [planB.id, hour(4)],
          [planB.id, hour(1)],
        ]
        const responses = await Promise.all(
          attempts.map(([planId, at]) => post(`/admin/mlm/plans/${planId}/activate`, { effective_from: at }))
        )
        // Only the three attempts at hour 1 compete: exactly one of them wins.
        const atHourOne = [0, 1, 5].map((i) => responses[i].status).sort()
        expect(atHourOne).toEqual([201, 409, 409])
        expect([2, 3, 4].map((i) => responses[i].status)).toEqual([201, 201, 201])
        let total = 0
        for (const plan of [planA, planB]) {
          const versions = expectOk(await get(`/admin/mlm/plans/${plan.id}/versions`)).data.plan_versions
          expect(versions.map((v: { version: number }) => v.version)).toEqual(versions.map((_: unknown, i: number) => i + 1))
          total += versions.length
        }
        expect(total).toBe(4)
      })
    })

    describe("simulation", () => {
      it("replays the draft on a posted network with exact cents and sums by bonus", async () => {
        const plan = await createPlan(UNILEVEL_USD)
        const network = {
          members: [{ id: "A" }, { id: "B", sponsor: "A" }, { id: "C", sponsor: "B" }],
          events: [
            { type: "order", id: "o1", buyer: "C", cv: 12345 },
            { type: "order", id: "o2", buyer: "B", cv: 999 },
          ],
        }
        const simulated = expectOk(await post(`/admin/mlm/plans/${plan.id}/simulate`, network)).data
        // o1: 1234.5 → 1235 to B (level 1), 617.25 → 617 to A (level 2); o2: 99.9 → 100 to A.
        expect(byKey(simulated.result.lines)).toEqual([
          { to: "A", bonus: "unilevel", level: 2, source: "o1", cents: 617 },
          { to: "B", bonus: "unilevel", level: 1, source: "o1", cents: 1235 },
          { to: "A", bonus: "unilevel", level: 1, source: "o2", cents: 100 },
        ])
        expect(simulated.summary).toEqual({ lines: 3, total_minor: { unilevel: 1952 } })
        expect(simulated.sample).toBeUndefined()

        const cases: [unknown, string][] = [
          [{ members: [{ id: "A" }, { id: "B", sponsor: "Z" }], events: [] }, 'Invalid simulation: members[1].sponsor: unknown member "Z"'],
          [{ members: [{ id: "A" }], events: [{ type: "order", id: "o1", buyer: "A", cv: -5 }] }, "Invalid simulation: events[0].cv: must be a non-negative integer (minor units)"],
          [{ members: [], events: [], sample: { limit: 5 } }, "Invalid request: Give either members and events (a network to simulate) or sample, not both"],
          [{}, "Invalid request: Give either members and events (a network to simulate) or sample, not both"],
          [{ members: Array.from({ length: 5001 }, (_, i) => ({ id: `m${i}` })), events: [] }, "Invalid request: Value for field 'members' too big, expected at most: '5000'"],
          [{ sample: { limit: 0 } }, "Invalid request: Value for field 'sample, limit' too small, expected at least: '1'"],
          [{ sample: { limit: 5001 } }, "Invalid request: Value for field 'sample, limit' too big, expected at most: '5000'"],
          [{ sample: { limit: 5, depth: 2 } }, "Invalid request: Unrecognized fields: 'depth'"],
        ]
        for (const [body, message] of cases) {
          const response = await post(`/admin/mlm/plans/${plan.id}/simulate`, body)
          expect({ message: response.data.message, status: response.status }).toEqual({ message, status: 400 })
        }
        const draftPlan = await createPlan({ currency: "usd", components: [] })
        const badDraft = await post(`/admin/mlm/plans/${draftPlan.id}/simulate`, { members: [], events: [] })
        expect([badDraft.status, badDraft.data.message]).toEqual([400, 'Invalid simulation: plan.currency: must be an ISO 4217 code such as "USD"'])
      })

      it("replays the draft on a breadth-first sample of the live network, the house never earning", async () => {
        // house -> a -> b -> c ; b -> e (suspended) -> f ; house -> d
        const tree = await buildTree(container, { a: null, d: null, b: "a", c: "b", e: "b", f: "e" })
        const mlm = mlmOf(container)
        const house = await mlm.ensureHouse()
        await mlm.setStatus({ distributor_id: tree.e.id, status: "suspended", actor_id: admin.userId, reason: "review" })
        const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const nodeOf = async (id: string) => Number((await knex.raw("SELECT node_id FROM mlm_distributor WHERE id = ?", [id])).rows[0].node_id)
        const record = async (orderId: string, owner: string, netCv: number, period: string, minute: number, customer?: { retail: number; wholesale: number }) =>
          knex.raw(
            `INSERT INTO mlm_commission_record (order_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor,
               total_minor, retail_minor, wholesale_minor, items, zero_terms, period_key, placed_at, hold_until)
             VALUES (?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, '[]'::jsonb, '[]'::jsonb, ?, ?, now())`,
            [orderId, customer ? "cus_walkin" : null, await nodeOf(owner), customer ? "customer" : "distributor", netCv + 100, netCv,
              netCv + 100, customer?.retail ?? null, customer?.wholesale ?? null, period, new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString()]
          )
        await record("order_c", tree.c.id, 8005, "2026-11", 1)
        await record("order_b", tree.b.id, 5000, "2026-11", 2)
        await record("order_f", tree.f.id, 3000, "2026-11", 3)
        await record("order_cust", tree.a.id, 4000, "2026-11", 4, { retail: 3000, wholesale: 2000 })
        await record("order_d", tree.d.id, 7000, "2026-10", 5)

        const plan = await createPlan({ ...UNILEVEL_USD, components: [...UNILEVEL_USD.components, { type: "retail_profit" }] })
        const all = expectOk(await post(`/admin/mlm/plans/${plan.id}/simulate`, { sample: { limit: 10, period_key: "2026-11" } })).data
        // order_c 8005: b 800.5 → 801 (level 1), a 400.25 → 400 (level 2). order_b 5000: a 500; the
        // house above a is terminated in the sample and compressed away. order_f 3000: e is
        // suspended (terminated in the sample) so b is level 1 (300) and a level 2 (150).
        // order_cust: the customer's referrer a earns retail profit 1000; a's own upline is the house.
        expect(byKey(all.result.lines)).toEqual(
          byKey([
            { to: tree.b.id, bonus: "unilevel", level: 1, source: "order_c", cents: 801 },
            { to: tree.a.id, bonus: "unilevel", level: 2, source: "order_c", cents: 400 },
            { to: tree.a.id, bonus: "unilevel", level: 1, source: "order_b", cents: 500 },
            { to: tree.b.id, bonus: "unilevel", level: 1, source: "order_f", cents: 300 },
            { to: tree.a.id, bonus: "unilevel", level: 2, source: "order_f", cents: 150 },
            { to: tree.a.id, bonus: "retail_profit", source: "order_cust", cents: 1000 },
          ])
        )
        expect(all.summary).toEqual({ lines: 6, total_minor: { unilevel: 2151, retail_profit: 1000 } })
        expect(all.sample).toEqual({ house_id: house.id, distributors: 6, customers: 1, orders: 4, period: "2026-11" })

        // The first two in breadth-first order are a and d (depth 1); all periods are read.
        const firstLevel = expectOk(await post(`/admin/mlm/plans/${plan.id}/simulate`, { sample: { limit: 2 } })).data
        expect(firstLevel.result.lines).toEqual([{ to: tree.a.id, bonus: "retail_profit", source: "order_cust", cents: 1000 }])
        expect(firstLevel.sample).toEqual({ house_id: house.id, distributors: 2, customers: 1, orders: 2, period: "sample" })
      })
    })

    describe("commissionable value per variant", () => {
      it("sets, reads, lists and deletes a variant's CV rule; exactly one form per request", async () => {
        const [product] = await container.resolve(Modules.PRODUCT).createProducts([
          { title: "CV kit", options: [{ title: "Size", values: ["One", "Two"] }], variants: [
            { title: "One", options: { Size: "One" } },
            { title: "Two", options: { Size: "Two" } },
          ] },
        ])
        const [one, two] = product.variants.map((variant: { id: string }) => variant.id).sort()
        const url = `/admin/mlm/variants/${one}/cv`

        const share = expectOk(await post(url, { cv_bp: 2500 })).data.variant_cv
        expect(share).toEqual({ variant_id: one, cv_bp: 2500, cv_minor: null, currency_code: null, updated_by: admin.userId, updated_at: expect.any(String) })
        expect(expectOk(await get(url)).data.variant_cv).toEqual(share)
        const fixed = expectOk(await post(url, { cv_minor: 1234, currency_code: "usd" })).data.variant_cv
        expect(fixed).toMatchObject({ variant_id: one, cv_bp: null, cv_minor: 1234, currency_code: "USD" })
        expectOk(await post(`/admin/mlm/variants/${two}/cv`, { cv_bp: 0 }))

        const listed = expectOk(await get(`/admin/mlm/variants/cv?variant_id=${two}&variant_id=${one}&variant_id=variant_none`)).data
        expect(listed.default_cv_bp).toBe(10000)
        expect(listed.variant_cvs.map((row: { variant_id: string; cv_bp: number | null; cv_minor: number | null }) => [row.variant_id, row.cv_bp, row.cv_minor])).toEqual(
          [[one, null, 1234], [two, 0, null]].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
        )
        expect(expectOk(await get(`/admin/mlm/variants/cv?variant_id=${one}`)).data.variant_cvs).toHaveLength(1)

        expect(expectOk(await del(url)).data).toEqual({ id: one, object: "variant_cv", deleted: true })
        const gone = await get(url)
        const goneAgain = await del(url)
        expect([gone.status, gone.data.message, goneAgain.status]).toEqual([404, `Variant ${one} has no commissionable value rule`, 404])
        const unknown = await post("/admin/mlm/variants/variant_missing/cv", { cv_bp: 100 })
        expect([unknown.status, unknown.data.message]).toEqual([404, "Variant variant_missing was not found"])

        const either = "Invalid request: Give either cv_bp, or cv_minor with currency_code"
        const bodies: [unknown, string][] = [
          [{ cv_bp: 2500, cv_minor: 5, currency_code: "USD" }, either],
          [{ cv_minor: 5 }, either],
          [{ currency_code: "USD" }, either],
          [{}, either],
          [{ cv_bp: 10001 }, "Invalid request: Value for field 'cv_bp' too big, expected at most: '10000'"],
          [{ cv_bp: -1 }, "Invalid request: Value for field 'cv_bp' too small, expected at least: '0'"],
          [{ cv_bp: 12.5 }, "Invalid request: Expected type: 'int' for field 'cv_bp', got: '12.5'"],
          [{ cv_bp: "2500" }, "Invalid request: Expected type: 'number' for field 'cv_bp', got: '2500'"],
          [{ cv_minor: 5, currency_code: "US" }, "Invalid request: currency_code must be a three-letter ISO 4217 code"],
          [{ cv_bp: 1, variant_id: two }, "Invalid request: Unrecognized fields: 'variant_id'"],
        ]
        for (const [body, message] of bodies) {
          const response = await post(`/admin/mlm/variants/${two}/cv`, body)
          expect({ body, status: response.status, message: response.data.message }).toEqual({ body, status: 400, message })
        }
        expect(expectOk(await get(`/admin/mlm/variants/${two}/cv`)).data.variant_cv.cv_bp).toBe(0)

        const many = Array.from({ length: 101 }, (_, i) => `variant_id=v${i}`).join("&")
        const queries: [string, string][] = [
          [`/admin/mlm/variants/cv?${many}`, "Invalid request: Value for field 'variant_id' too big, expected at most: '100'"],
          ["/admin/mlm/variants/cv", "Invalid request: Field 'variant_id' is required"],
          ["/admin/mlm/variants/cv?variant_id=a%00b", "Invalid request: variant_id must contain only letters, digits, '_' and '-'"],
          [`/admin/mlm/variants/${one}/cv?x=1`, "Invalid request: Unrecognized fields: 'x'"],
          ["/admin/mlm/variants/a%00b/cv", "Invalid request: variant_id: variant_id must contain only letters, digits, '_' and '-'"],
        ]
        for (const [query, message] of queries) {
          const response = await get(query)
          expect({ query, status: response.status, message: response.data.message }).toEqual({ query, status: 400, message })
        }
      })
    })
  },
})
