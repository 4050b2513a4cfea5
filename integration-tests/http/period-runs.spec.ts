// Period runs go through the plugin's real queue (BullMQ on the machine's Redis) under a prefix of
// their own, worked by the period worker that starts with the commission runner.
process.env.MLM_REDIS_URL = process.env.MLM_REDIS_URL || "redis://127.0.0.1:6379"
process.env.MLM_QUEUE_PREFIX = `mlm-it-periods-${process.pid}-${Date.now()}`

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { simulate } from "../../src/engine"
import type { SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { activatePlanForTest, eventually } from "../helpers/commissions"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(180_000)

// a has two legs (b left, c right); d sits under b; e is enrolled but never placed.
const SPONSORS = { a: null, b: "a", c: "a", d: "b", e: "c" } as const
const PLACEMENTS: Record<string, [string, "left" | "right"] | null> = { a: ["house", "left"], b: ["a", "left"], c: ["a", "right"], d: ["b", "right"] }
const ORDERS: [string, string, number][] = [
  ["o1", "b", 12_000],
  ["o2", "c", 7_000],
  ["o3", "d", 9_500],
  ["o4", "a", 3_000],
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let admin: AdminCaller
    let container: MedusaContainer
    let db: SqlDb
    const id: Record<string, string> = {}
    let plan: Record<string, unknown>

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      const tree = await buildTree(container, { ...SPONSORS })
      const house = await mlmOf(container).ensureHouse()
      db = (await mlmOf(container).commissions()).db
      // The network as it stood in September: everyone enrolled long before.
      await db.exec(`UPDATE mlm_distributor SET enrolled_at = '2026-01-01T00:00:00Z'`)
      for (const [name, d] of Object.entries({ house, ...tree })) id[name] = d.id
      plan = {
        currency: "USD",
        components: [
          { type: "binary", rate_bp: 1000, cap_cents: 900 },
          { type: "stair_step", steps: [{ min_pgv: 0, rate_bp: 0 }, { min_pgv: 10_000, rate_bp: 500 }] },
          { type: "pool", rate_bp: 100, shares: { [id.a]: 2, [id.c]: 1 } },
        ],
      }
      const versionId = await activatePlanForTest(container, plan)
      const planId = versionId.replace(/^mlmplv_/, "mlmplan_")
      // Binary seats (docs/periods.md): tree_key is the plan's id, paths are node_ids.
      const nodes = await db.exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor`)
      const nodeOf = new Map(nodes.map((row) => [row.id, row.node_id]))
      const seats: Record<string, number[]> = { house: [nodeOf.get(id.house)!] }
      await db.exec(
        `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path) VALUES ($1, 'binary', $2, $3, NULL, NULL, 0, $4)`,
        [`mlmplc_${id.house}`, planId, id.house, seats.house]
      )
      for (const [name, seat] of Object.entries(PLACEMENTS)) {
        const [parent, side] = seat!
        seats[name] = [...seats[parent], nodeOf.get(id[name])!]
        await db.exec(
          `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path) VALUES ($1, 'binary', $2, $3, $4, $5, $6, $7)`,
          [`mlmplc_${id[name]}`, planId, id[name], `mlmplc_${id[parent]}`, side === "left" ? 0 : 1, seats[name].length - 1, seats[name]]
        )
      }
      for (const [orderId, buyer, cv] of ORDERS) {
        await db.exec(
          `INSERT INTO mlm_commission_record (order_id, plan_version_id, currency_code, owner_node, buyer_kind, cv_minor, net_cv_minor, total_minor,
                                              items, zero_terms, period_key, placed_at, hold_until)
           VALUES ($1, $2, 'USD', $3, 'distributor', $4, $4, $4, '[]', '[]', '2026-09', '2026-09-10T00:00:00Z', '2026-10-10T00:00:00Z')`,
          [`${orderId}-${Date.now()}`, versionId, nodeOf.get(id[buyer]), cv]
        )
      }
    })

    const get = (url: string) => http.get(url, admin.headers)
    const post = (url: string, body: unknown = {}) => http.post(url, body, admin.headers)
    const settled = (runId: string) =>
      eventually(
        async () => expectOk(await get(`/admin/mlm/period-runs/${runId}`)).data.period_run,
        (run) => run.status === "computed" || run.status === "failed"
      )

    /** The engine's lines for September: e is placed by the policy there (the run seats it alike), but has no volume. */
    function expectedLines() {
      const members = [
        { id: id.house, status: "terminated" },
        ...Object.entries(SPONSORS).map(([name, sponsor]) => ({
          id: id[name],
          sponsor: id[sponsor ?? "house"],
          ...(PLACEMENTS[name] ? { placement: { parent: id[PLACEMENTS[name]![0]], side: PLACEMENTS[name]![1] } } : {}),
        })),
      ]
      const events = [...ORDERS.map(([orderId, buyer, cv]) => ({ type: "order", id: orderId, buyer: id[buyer], cv })), { type: "close_period", period: "2026-09" }]
      return simulate({ plan, members, events })
        .lines.map((line) => ({ distributor_id: line.to, bonus: line.bonus, level: line.level ?? 0, amount_minor: line.cents }))
        .sort(byLine)
    }

    // Each test starts from the state after beforeAll (the runner restores the database).
    async function runSeptember() {
      const created = await post("/admin/mlm/period-runs", { period_key: "2026-09", currency_code: "usd" })
      expect(created.status).toBe(202)
      expect(created.data).toMatchObject({ created: true, period_run: { period_key: "2026-09", currency_code: "USD", status: "queued", runs: 1, progress: 0 } })
      expect(created.data.period_run.id).toMatch(/^mlmprun_/)
      return created.data.period_run.id as string
    }

    it("POST runs a period on the queue; GET shows its progress, phase and summary; results page through exactly simulate()'s lines", async () => {
      const septemberId = await runSeptember()
      const run = await settled(septemberId)
      const expected = expectedLines()
      expect(run).toMatchObject({ status: "computed", phase: "done", progress: 100, error: null })
      // e had no seat: the run seated it by the plan's policy first, as simulate() does.
      expect(run.summary).toMatchObject({ members: 6, seated: 1, unplaced: 0, orders: 4, period_cv_minor: 31_500, lines_count: expected.length, carry_from_run_id: null })
      expect(Object.keys(run.summary.timings_ms).sort()).toEqual(["compute", "load", "seat", "total", "write", "write_cleanup", "write_insert"])

      const first = expectOk(await get(`/admin/mlm/period-runs/${septemberId}/results?limit=2&offset=0`)).data
      expect(first).toMatchObject({ count: expected.length, limit: 2, offset: 0, period_run: { id: septemberId, status: "computed" } })
      expect(first.results).toHaveLength(2)
      const all = expectOk(await get(`/admin/mlm/period-runs/${septemberId}/results?limit=100`)).data.results
      expect(all.map(({ distributor_id, bonus, level, amount_minor }: Record<string, unknown>) => ({ distributor_id, bonus, level, amount_minor })).sort(byLine)).toEqual(expected)
      // a pairs b's leg (21,500) with c's (7,000); b's group reaches the 5 % step; the pool splits 2:1.
      expect(expected.map((line) => `${line.bonus} ${line.amount_minor}`).sort()).toEqual(["binary 700", "pool 105", "pool 210", "stair_step 1075", "stair_step 500"])

      const computed = expectOk(await get("/admin/mlm/period-runs?status=computed")).data
      expect(computed.period_runs.map((r: { id: string }) => r.id)).toContain(septemberId)
      expect(expectOk(await get("/admin/mlm/period-runs?status=closed&limit=5")).data).toEqual({ period_runs: [], count: 0, limit: 5, offset: 0 })
    })

    it("bad input is a 400 that says what is wrong, an unknown run a 404", async () => {
      const bad: [string, unknown, string][] = [
        ["/admin/mlm/period-runs", { period_key: "2026-13", currency_code: "USD" }, "period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
        ["/admin/mlm/period-runs", { period_key: "2027-W53", currency_code: "USD" }, "period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
        ["/admin/mlm/period-runs", { period_key: "November", currency_code: "USD" }, "period_key must be a month (2026-11) or an ISO week (2026-W47)"],
        ["/admin/mlm/period-runs", { period_key: "2026-09", currency_code: "US" }, "currency_code must be a three-letter ISO 4217 code"],
        ["/admin/mlm/period-runs", { period_key: "2026-09", currency_code: "USD", plan: "x" }, "Unrecognized fields: 'plan'"],
        ["/admin/mlm/period-runs/mlmprun_x/rerun", { force: true }, "Unrecognized fields: 'force'"],
      ]
      for (const [url, body, message] of bad) {
        const response = await post(url, body)
        expect([url, response.status]).toEqual([url, 400])
        expect(response.data.message).toContain(message)
      }
      const missing = await post("/admin/mlm/period-runs", { period_key: "2026-09" })
      expect(missing.status).toBe(400)
      for (const url of [
        "/admin/mlm/period-runs?limit=101",
        "/admin/mlm/period-runs?status=done",
        "/admin/mlm/period-runs?sort=id",
        "/admin/mlm/period-runs?a.b.c=1",
        "/admin/mlm/period-runs/mlmprun_x/results?offset=-1",
        "/admin/mlm/period-runs/mlmprun_x?fields=id",
        "/admin/mlm/period-runs/bad%21id",
      ]) {
        expect([url, (await get(url)).status]).toEqual([url, 400])
      }
      const noPlan = await post("/admin/mlm/period-runs", { period_key: "2026-09", currency_code: "GBP" })
      expect([noPlan.status, noPlan.data.message]).toEqual([400, "No plan version for GBP is in force at the end of 2026-09"])
      const future = await post("/admin/mlm/period-runs", { period_key: "2099-01", currency_code: "USD" })
      expect([future.status, future.data.message]).toEqual([400, "Period 2099-01 has not started yet"])

      for (const response of [
        await get("/admin/mlm/period-runs/mlmprun_nope"),
        await get("/admin/mlm/period-runs/mlmprun_nope/results"),
        await post("/admin/mlm/period-runs/mlmprun_nope/rerun"),
        await post("/admin/mlm/period-runs/mlmprun_nope/close"),
      ]) {
        expect([response.status, response.data.message]).toEqual([404, "Period run mlmprun_nope was not found"])
      }
    })

    it("rerun computes again; periods close in order; a closed run answers 409 to rerun, close and create", async () => {
      const septemberId = await runSeptember()
      await settled(septemberId)
      const rerun = await post(`/admin/mlm/period-runs/${septemberId}/rerun`)
      expect(rerun.status).toBe(202)
      expect(rerun.data.period_run).toMatchObject({ id: septemberId, status: "queued", runs: 2 })
      expect(await settled(septemberId)).toMatchObject({ status: "computed", runs: 2 })

      // October cannot run while September is open: its carry in is not final.
      const october = expectOk(await post("/admin/mlm/period-runs", { period_key: "2026-10", currency_code: "USD" }), 202).data.period_run
      const failed = await settled(october.id)
      expect(failed.error).toBe(`PeriodRunInputError: Period 2026-09 (run ${septemberId}) is not closed: close it first, its carry is the carry into 2026-10`)
      const notComputed = await post(`/admin/mlm/period-runs/${october.id}/close`)
      expect([notComputed.status, notComputed.data.message]).toEqual([409, `Period run ${october.id} is failed: only a computed run can be closed`])

      const lines = expectOk(await get(`/admin/mlm/period-runs/${septemberId}/results`)).data.count
      const closed = expectOk(await post(`/admin/mlm/period-runs/${septemberId}/close`)).data
      expect(closed).toMatchObject({ posted_lines: lines, ranks_changed: 0, period_run: { status: "closed", closed_by: admin.userId } })
      const [{ n }] = await db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_ledger_line WHERE source_kind = 'period' AND source_id = $1 AND status = 'available'`, [septemberId])
      expect(Number(n)).toBe(lines)

      for (const [response, message] of [
        [await post(`/admin/mlm/period-runs/${septemberId}/close`), `Period run ${septemberId} is closed: its results are frozen and cannot be closed again`],
        [await post(`/admin/mlm/period-runs/${septemberId}/rerun`), `Period run ${septemberId} is closed: its results are frozen and cannot be re-run`],
        [await post("/admin/mlm/period-runs", { period_key: "2026-09", currency_code: "USD" }), `Period run ${septemberId} is closed: its results are frozen and cannot be re-run`],
      ] as const) {
        expect([response.status, response.data.message]).toEqual([409, message])
      }

      // Now October runs, from September's carry; November has not ended: it runs but cannot close.
      const again = expectOk(await post("/admin/mlm/period-runs", { period_key: "2026-10", currency_code: "USD" }), 202).data
      expect(again).toMatchObject({ created: false, period_run: { id: october.id, runs: 2 } })
      expect(await settled(october.id)).toMatchObject({ status: "computed", summary: { carry_from_run_id: septemberId, orders: 0 } })
    })
  },
})

function byLine(a: { distributor_id: unknown; bonus: unknown; level: unknown }, b: { distributor_id: unknown; bonus: unknown; level: unknown }) {
  return `${a.distributor_id}/${a.bonus}/${a.level}`.localeCompare(`${b.distributor_id}/${b.bonus}/${b.level}`)
}
