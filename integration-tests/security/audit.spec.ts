import { createHash } from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"
import { Pool } from "pg"
import { parsePlan, planVersionHash } from "../../src/engine"
import type { DistributorDTO } from "../../src/modules/mlm"
import { pgSqlDb } from "../../src/modules/mlm/commissions/sql-db"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import { recordAudit } from "../../src/modules/mlm/security/audit"
import { AUDIT_CHAIN_COLUMNS, auditRowHash, AUDIT_GENESIS_HASH, type AuditChainRow } from "../../src/modules/mlm/security/audit-verify"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"
import { auditFactsAfter, bearerHash, execOf, lastSeq, npmAuditVerify, seedOrder, seedUsdVersion, USD_PLAN } from "./audit-fixture"
import { siemExportTests, tamperTests, type AuditSuite } from "./audit-attacks"

// The request's own address and client, recorded by the routes (audit context).
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/

jest.setTimeout(300_000)

// jsonb's text of USD_PLAN (keys by length, then bytes): what draft_sha256 digests.
const USD_PLAN_JSONB = '{"currency": "USD", "components": [{"type": "unilevel", "levels_bp": [1000, 500]}]}'
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConfig }) => {
    let container: MedusaContainer
    let http: HttpClient
    let admin: AdminCaller
    let finance: AdminCaller
    let support: AdminCaller
    let store: StoreFixture
    let exec: SqlExec
    let tree: Record<string, DistributorDTO>
    let seed: Awaited<ReturnType<typeof seedUsdVersion>>

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      finance = await createCallerWithRole(container, http, "finance", "finance@audit.test")
      support = await createCallerWithRole(container, http, "support", "support@audit.test")
      store = await createStoreFixture(container)
      exec = await execOf(container)
      // house → a → b → buyer; a → c → e; house → d
      tree = await buildTree(container, { a: null, b: "a", buyer: "b", c: "a", e: "c", d: null })
      seed = await seedUsdVersion(exec)
      await seedOrder(container, "order_audit_1", tree.buyer)
    })

    const post = (url: string, body: unknown) => http.post(url, body, admin.headers)
    const suite = (): AuditSuite => ({ api: api as AxiosInstance, http, admin, exec, url: dbConfig.clientUrl, produce })

    /**
     * The changes under audit, made through the API by the admin: a sponsor move, a status change,
     * a plan draft, its update and activation, a refund adjustment, two CV rules and a period
     * close; then refused or empty changes, which must append nothing. The database is restored
     * from the beforeAll snapshot before each test, so each test that needs these rows makes them.
     */
    async function produce() {
      const { c, d, e } = tree
      const seq = await lastSeq(exec)
      const runId = "mlmrun_audit_close"
      await exec(`INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status) VALUES ($1, '2020-01', 'USD', $2, 'computed')`, [runId, seed.plan_version_id])
      // A challenge "just now" for this session, as after a verification (activation needs step-up).
      await exec(`UPDATE mlm_mfa_session SET completed_at = now() WHERE session_hash = $1`, [bearerHash(admin.headers)])

      expectOk(await post(`/admin/mlm/distributors/${c.id}/move`, { sponsor_id: d.id, reason: "wrong sponsor" }))
      expectOk(await post(`/admin/mlm/distributors/${c.id}/status`, { status: "suspended", reason: "kyc check" }))
      const plan = expectOk(await post("/admin/mlm/plans", { name: "Audit plan", draft: USD_PLAN }), 201).data.plan
      expectOk(await post(`/admin/mlm/plans/${plan.id}`, { name: "Audit plan v2" }))
      const effectiveFrom = new Date(Date.now() + 60_000).toISOString()
      const version = expectOk(await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: effectiveFrom }), 201).data.plan_version
      const adjustment = expectOk(await post("/admin/mlm/commissions/order_audit_1/adjustments", { type: "refund", refund_minor: 2500, reason: "goodwill" }), 201).data.adjustment
      expectOk(await post(`/admin/mlm/variants/${store.variantId}/cv`, { cv_bp: 4000 }))
      expectOk(await post(`/admin/mlm/variants/${store.variantId}/cv`, { cv_minor: 1234, currency_code: "usd" }))
      expectOk(await post(`/admin/mlm/period-runs/${runId}/close`, {}))

      expect((await post(`/admin/mlm/distributors/${c.id}/move`, { sponsor_id: e.id, reason: "cycle" })).status).toBe(409)
      expectOk(await post(`/admin/mlm/distributors/${c.id}/move`, { sponsor_id: d.id, reason: "same sponsor" }))
      expect((await post(`/admin/mlm/plans/${plan.id}/activate`, { effective_from: effectiveFrom })).status).toBe(409)
      expect((await post("/admin/mlm/commissions/order_audit_1/adjustments", { type: "refund", refund_minor: 7501 })).status).toBe(400)
      expect((await post(`/admin/mlm/period-runs/${runId}/close`, {})).status).toBe(409)

      const seqs = await exec<{ seq: string }>(`SELECT seq::text AS seq FROM mlm_audit_log l WHERE l.seq > $1 ORDER BY l.seq`, [seq])
      return { seq, runId, plan, effectiveFrom, version, adjustment, move: Number(seqs[0].seq), status: Number(seqs[1].seq) }
    }

    it("a move, a status change, plan draft, update and activation, a ledger adjustment, CV rules and a period close through the API append exactly their rows; refused changes append none", async () => {
      const { a, c, d } = tree
      const { seq, runId, plan, effectiveFrom, version, adjustment } = await produce()
      const byAdmin = { actor_type: "user", actor_id: admin.userId, outcome: "success" }
      const draft = { period: "monthly", draft_sha256: sha256(USD_PLAN_JSONB) }
      const versionState = (id: string, planId: string, from: string) => ({
        plan_version_id: id, plan_id: planId, version: 1, currency_code: "USD", effective_from: from, hash: planVersionHash(parsePlan(USD_PLAN)),
      })
      const rows = await auditFactsAfter(exec, seq)
      expect(rows).toEqual([
        { ...byAdmin, event: "mlm_sponsor_moved", target_type: "distributor", target_id: c.id, before: { sponsor_id: a.id }, after: { sponsor_id: d.id, subtree_size: 2, reason: "wrong sponsor" } },
        { ...byAdmin, event: "mlm_status_changed", target_type: "distributor", target_id: c.id, before: { status: "active" }, after: { status: "suspended", reason: "kyc check" } },
        { ...byAdmin, event: "mlm_plan_created", target_type: "plan", target_id: plan.id, before: null, after: { name: "Audit plan", ...draft } },
        { ...byAdmin, event: "mlm_plan_updated", target_type: "plan", target_id: plan.id, before: { name: "Audit plan", ...draft }, after: { name: "Audit plan v2", ...draft } },
        {
          ...byAdmin, event: "mlm_plan_activated", target_type: "plan", target_id: plan.id,
          before: versionState(seed.plan_version_id, seed.plan_id, "2000-01-01T00:00:00.000Z"),
          after: versionState(version.id, plan.id, effectiveFrom),
        },
        {
          ...byAdmin, event: "mlm_ledger_adjusted", target_type: "order", target_id: "order_audit_1",
          before: { net_cv_minor: 10000, refunded_minor: 0, status: "open" },
          after: { kind: "refund", adjustment_key: adjustment.adjustment_key, net_cv_minor: 7500, refunded_minor: 2500, status: "open", lines: 2, canceled_lines: 0, reason: "goodwill" },
        },
        { ...byAdmin, event: "mlm_variant_cv_set", target_type: "variant", target_id: store.variantId, before: null, after: { cv_bp: 4000, cv_minor: null, currency_code: null } },
        {
          ...byAdmin, event: "mlm_variant_cv_set", target_type: "variant", target_id: store.variantId,
          before: { cv_bp: 4000, cv_minor: null, currency_code: null }, after: { cv_bp: null, cv_minor: 1234, currency_code: "USD" },
        },
        {
          ...byAdmin, event: "mlm_period_closed", target_type: "period_run", target_id: runId, before: { status: "computed" },
          after: { status: "closed", period_key: "2020-01", currency_code: "USD", plan_version_id: seed.plan_version_id, posted_lines: 0, ranks_changed: 0 },
        },
      ])
      expect(adjustment).toMatchObject({ net_cv_before: 10000, net_cv_after: 7500, lines: 2 })
    })

    it("records ip and user agent when the caller passes its audit context (a sponsor move, a CV rule removed)", async () => {
      await mlmOf(container).setVariantCv(store.variantId, { cv_minor: 1234, currency_code: "USD" })
      const seq = await lastSeq(exec)
      const audit = { actor_type: "user" as const, actor_id: admin.userId, ip: "203.0.113.7", user_agent: "audit-test/1.0" }
      await mlmOf(container).moveSponsor({ distributor_id: tree.c.id, new_sponsor_id: tree.d.id, actor_id: admin.userId, reason: "back", audit })
      await mlmOf(container).deleteVariantCv(store.variantId, audit)
      const rows = await exec(`SELECT event, actor_type, actor_id, ip, user_agent, before, after FROM mlm_audit_log WHERE seq > $1 ORDER BY seq`, [seq])
      expect(rows).toEqual([
        { event: "mlm_sponsor_moved", actor_type: "user", actor_id: admin.userId, ip: "203.0.113.7", user_agent: "audit-test/1.0", before: { sponsor_id: tree.a.id }, after: { sponsor_id: tree.d.id, subtree_size: 2, reason: "back" } },
        { event: "mlm_variant_cv_deleted", actor_type: "user", actor_id: admin.userId, ip: "203.0.113.7", user_agent: "audit-test/1.0", before: { cv_bp: null, cv_minor: 1234, currency_code: "USD" }, after: null },
      ])
    })

    it("recomputes in TypeScript every hash the database computed; the route and npm run audit:verify report the chain intact", async () => {
      await produce()
      const rows = await exec<AuditChainRow>(`SELECT ${AUDIT_CHAIN_COLUMNS} FROM mlm_audit_log l ORDER BY l.seq`)
      expect(rows.length).toBeGreaterThan(15)
      let previous = AUDIT_GENESIS_HASH
      for (const row of rows) {
        expect([row.seq, row.prev_hash, auditRowHash(row)]).toEqual([row.seq, previous, row.hash])
        previous = row.hash
      }
      const last = rows[rows.length - 1]
      const skipped = Number(last.seq) - rows.length
      const verified = await http.get("/admin/mlm/audit/verify", finance.headers)
      expect([verified.status, verified.data]).toEqual([
        200,
        { ok: true, rows_checked: rows.length, first_broken: null, last_seq: Number(last.seq), last_hash: last.hash, skipped_seqs: skipped },
      ])
      const middle = rows[10]
      const anchored = await http.get(`/admin/mlm/audit/verify?anchor_seq=${middle.seq}&anchor_hash=${middle.hash}`, admin.headers)
      expect(anchored.data.ok).toBe(true)
      const wrongAnchor = await http.get(`/admin/mlm/audit/verify?anchor_seq=${middle.seq}&anchor_hash=${last.hash}`, admin.headers)
      expect(wrongAnchor.data.first_broken).toEqual({
        seq: Number(middle.seq), reason: "anchor_mismatch", detail: `anchor ${middle.seq}:${last.hash} is not in the chain: row ${middle.seq} has hash ${middle.hash}`,
      })
      const halfAnchor = await http.get(`/admin/mlm/audit/verify?anchor_seq=3`, admin.headers)
      expect([halfAnchor.status, halfAnchor.data.message]).toEqual([400, "Invalid request: anchor_seq and anchor_hash go together"])

      const cli = await npmAuditVerify(dbConfig.clientUrl)
      expect([cli.code, cli.stdout]).toEqual([
        0,
        `audit:verify: ok: ${rows.length} rows verified${skipped ? ` (${skipped} seq numbers skipped by rolled-back inserts)` : ""}\n` +
          `audit:verify: anchor for the next run: ${last.seq}:${last.hash}\n`,
      ])
      const cliAnchored = await npmAuditVerify(dbConfig.clientUrl, ["--anchor", `${middle.seq}:${middle.hash}`])
      expect([cliAnchored.code, cliAnchored.stdout.split("\n")[0]]).toEqual([0, expect.stringMatching(new RegExp(`, anchor ${middle.seq} found$`))])
    })

    it("lists rows by target, event and actor, pages by after_seq, refuses bad parameters and roles without audit.read", async () => {
      const { move } = await produce()
      const byTarget = expectOk(await http.get(`/admin/mlm/audit?target_type=distributor&target_id=${tree.c.id}`, finance.headers)).data
      expect(byTarget.audit_log.map((row: { event: string }) => row.event)).toEqual(["mlm_sponsor_moved", "mlm_status_changed"])
      expect(byTarget.audit_log[0]).toEqual({
        seq: move, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), event: "mlm_sponsor_moved",
        actor_type: "user", actor_id: admin.userId, target_type: "distributor", target_id: tree.c.id, ip: expect.stringMatching(LOOPBACK), user_agent: expect.stringMatching(/^axios\//), outcome: "success",
        before: { sponsor_id: tree.a.id }, after: { sponsor_id: tree.d.id, subtree_size: 2, reason: "wrong sponsor" },
        prev_hash: expect.stringMatching(/^[0-9a-f]{64}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
      expect(byTarget.next_after_seq).toBe(byTarget.audit_log[1].seq)
      const activations = expectOk(await http.get("/admin/mlm/audit?event=mlm_plan_activated", admin.headers)).data.audit_log
      expect(activations).toHaveLength(1)

      const all = expectOk(await http.get(`/admin/mlm/audit?actor_id=${admin.userId}&limit=200`, admin.headers)).data.audit_log
      const paged: unknown[] = []
      for (let cursor = 0, page; (page = expectOk(await http.get(`/admin/mlm/audit?actor_id=${admin.userId}&limit=3&after_seq=${cursor}`, admin.headers)).data).audit_log.length; ) {
        paged.push(...page.audit_log)
        cursor = page.next_after_seq
      }
      expect(paged).toEqual(all)
      expect(all.length).toBeGreaterThan(8)

      const bad: [string, string][] = [
        ["?foo=1", "Invalid request: Unrecognized fields: 'foo'"],
        ["?limit=201", "Invalid request: Value for field 'limit' too big, expected at most: '200'"],
        ["?after_seq=-1", "Invalid request: Value for field 'after_seq' too small, expected at least: '0'"],
        ["?target_id=a%00b", "Invalid request: target_id must not contain control characters"],
        ["?event=DROP%20TABLE", "Invalid request: event must be a lower_snake_case event name"],
        ["?target_type=x&target_type=y", "Invalid request: Expected type: 'string' for field 'target_type', got: 'x,y'"],
      ]
      for (const [query, message] of bad) {
        const response = await http.get(`/admin/mlm/audit${query}`, admin.headers)
        expect([query, response.status, response.data.message]).toEqual([query, 400, message])
      }
      for (const url of ["/admin/mlm/audit", "/admin/mlm/audit/verify", "/admin/mlm/audit/export"]) {
        const refused = await http.get(url, support.headers)
        expect([url, refused.status, refused.data.message]).toEqual([url, 403, "Your MLM role (support) does not grant the permission audit.read"])
      }
    })

    it("20 transactions appending at once (and 5 rolling back) leave one linked chain", async () => {
      const before = (await http.get("/admin/mlm/audit/verify", admin.headers)).data
      const pool = new Pool({ connectionString: dbConfig.clientUrl, max: 25 })
      try {
        const db = pgSqlDb(pool)
        const attempts = Array.from({ length: 25 }, (_, index) =>
          db.transaction(async (tx) => {
            // All start together; each holds the chain lock a moment, so the others queue on it.
            await tx(`SELECT pg_sleep(0.05)`)
            await recordAudit(tx, { event: "mlm_concurrency_probe", actor_type: "system", actor_id: "audit-test", target_type: "probe", target_id: `p${index}` })
            await tx(`SELECT pg_sleep(0.02)`)
            if (index % 5 === 4) throw new Error("roll back")
          })
        )
        const settled = await Promise.allSettled(attempts)
        expect(settled.filter((result) => result.status === "rejected")).toHaveLength(5)
      } finally {
        await pool.end()
      }
      // One more row after them all, so a rollback that drew the highest number also leaves a gap.
      await recordAudit(exec, { event: "mlm_concurrency_probe", actor_type: "system", actor_id: "audit-test", target_type: "probe", target_id: "p_last" })
      const probes = await exec<{ target_id: string }>(`SELECT target_id FROM mlm_audit_log WHERE event = 'mlm_concurrency_probe' AND target_id <> 'p_last' ORDER BY target_id`)
      const committed = Array.from({ length: 25 }, (_, index) => `p${index}`).filter((_, index) => index % 5 !== 4).sort()
      expect(probes.map((row) => row.target_id)).toEqual(committed)
      const after = (await http.get("/admin/mlm/audit/verify", admin.headers)).data
      expect([after.ok, after.first_broken, after.rows_checked - before.rows_checked, after.skipped_seqs - before.skipped_seqs]).toEqual([true, null, 21, 5])
    })

    describe("SIEM export", () => siemExportTests(suite))
    describe("tampering", () => tamperTests(suite))
  },
})
