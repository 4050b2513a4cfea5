import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { OrderJob } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type { DistributorDTO } from "../../src/modules/mlm"
import { grantMlmRoleToUser } from "../../src/api/security/role-grants"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { getText, parseCsv } from "../helpers/csv"
import { activatePlanForTest } from "../helpers/commissions"
import { httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(180_000)

/**
 * What the admin UI's ledger and security pages need beyond the other suites: the ledger list and
 * its CSV export filtered by commission period and posting time (GET /admin/mlm/ledger and
 * /ledger/export `period_key`, `from`, `to`), and MFA adoption (GET /admin/mlm/security/summary).
 */

// 10 % to the buyer's sponsor, 5 % to the next one up (the house never earns).
const PLAN = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }

function orderJob(orderId: string, buyer: DistributorDTO, placedAt: string, cvMinor: number): OrderJob {
  return {
    kind: "order",
    order_id: orderId,
    currency_code: "USD",
    placed_at: placedAt,
    customer_id: buyer.customer_id,
    distributor_id: buyer.id,
    referrer_id: null,
    total_minor: cvMinor,
    items: [{ item_id: `ordli_${orderId}`, variant_id: null, quantity: 1, unit_price_minor: cvMinor, cv_minor: cvMinor }],
    retail_minor: null,
    wholesale_minor: null,
  }
}

type Line = { order_id: string | null; source_kind: string; amount_minor: number; distributor_id: string }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let admin: AdminCaller

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
    })

    const get = (url: string, caller: AdminCaller = admin) => http.get(url, caller.headers)

    describe("GET /admin/mlm/ledger by period and posting time", () => {
      let tree: Record<string, DistributorDTO>
      let planVersionId: string
      // The database's clock between the two batches: lines of the first are before it.
      let between: string

      beforeAll(async () => {
        planVersionId = await activatePlanForTest(container, PLAN)
        tree = await buildTree(container, { top: null, mid: "top", buyer: "mid" })
        const gateway = await mlmOf(container).commissions()
        const options = { holdingDays: 30, now: () => new Date() }
        await processOrderBatch(gateway.db, [orderJob("order_sep", tree.buyer, "2026-09-10T12:00:00.000Z", 10000)], options)
        const [clock] = await gateway.db.exec<{ now: Date }>(`SELECT clock_timestamp() AS now`)
        between = new Date(clock.now).toISOString()
        await new Promise((resolve) => setTimeout(resolve, 20))
        await processOrderBatch(gateway.db, [orderJob("order_oct", tree.buyer, "2026-10-10T12:00:00.000Z", 20000)], options)
        // A closed October run with one binary line: its period is the run's, not an order's.
        await gateway.db.exec(
          `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, closed_at) VALUES ('mlmrun_pages', '2026-10', 'USD', $1, 'closed', now())`,
          [planVersionId]
        )
        await gateway.db.exec(
          `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, status)
           SELECT 'period', 'mlmrun_pages', node_id, 'pool', 0, 777, 'USD', $1, 'available' FROM mlm_distributor WHERE id = $2`,
          [planVersionId, tree.top.id]
        )
      })

      const lines = async (query: string) => {
        const response = await get(`/admin/mlm/ledger?${query}`)
        expect(response.status).toBe(200)
        return {
          count: response.data.count as number,
          // Newest first by id; lines of one batch in the order the batch wrote them, so sorted here.
          lines: (response.data.lines as Line[])
            .map((line) => [line.order_id ?? line.source_kind, line.distributor_id, line.amount_minor] as const)
            .sort((a, b) => a[0].localeCompare(b[0]) || a[2] - b[2]),
        }
      }

      it("keeps the lines of one commission period: its orders' lines and its runs' lines", async () => {
        expect(await lines("period_key=2026-09")).toEqual({
          count: 2,
          lines: [
            ["order_sep", tree.top.id, 500],
            ["order_sep", tree.mid.id, 1000],
          ],
        })
        expect(await lines("period_key=2026-10")).toEqual({
          count: 3,
          lines: [
            ["order_oct", tree.top.id, 1000],
            ["order_oct", tree.mid.id, 2000],
            ["period", tree.top.id, 777],
          ],
        })
        expect(await lines("period_key=2026-08")).toEqual({ count: 0, lines: [] })
        expect(await lines(`period_key=2026-10&distributor_id=${tree.mid.id}&bonus=unilevel`)).toEqual({
          count: 1,
          lines: [["order_oct", tree.mid.id, 2000]],
        })
      })

      it("keeps the lines posted from `from` (inclusive) and before `to` (exclusive)", async () => {
        const before = await lines(`to=${encodeURIComponent(between)}`)
        const after = await lines(`from=${encodeURIComponent(between)}`)
        expect(before.lines.map(([order]) => order).sort()).toEqual(["order_sep", "order_sep"])
        expect(after.lines.map(([order]) => order).sort()).toEqual(["order_oct", "order_oct", "period"])
        expect((await lines(`from=2000-01-01&to=${encodeURIComponent(between)}&period_key=2026-10`)).count).toBe(0)
      })

      it("exports the same lines as CSV for the same period and time criteria, and records the criteria", async () => {
        const finance = await createCallerWithRole(container, http, "finance")
        const exported = async (query: string) => {
          const response = await getText(api, `/admin/mlm/ledger/export?${query}`, finance.headers)
          expect([query, response.status]).toEqual([query, 200])
          const [header, ...rows] = parseCsv(response.data.slice(1))
          const cell = (row: string[], name: string) => row[header.indexOf(name)]
          // The header counts what the audit row recorded; the file holds exactly those lines.
          expect(Number(response.headers["x-mlm-export-rows"])).toBe(rows.length)
          return {
            count: rows.length,
            lines: rows
              .map((row) => [cell(row, "order_id") || cell(row, "source_kind"), cell(row, "distributor_id"), Number(cell(row, "amount_minor"))] as const)
              .sort((a, b) => a[0].localeCompare(b[0]) || a[2] - b[2]),
          }
        }
        for (const query of [
          "period_key=2026-09",
          "period_key=2026-10",
          `period_key=2026-10&distributor_id=${tree.mid.id}&bonus=unilevel`,
          `to=${encodeURIComponent(between)}`,
          `from=${encodeURIComponent(between)}`,
          `from=2000-01-01&to=${encodeURIComponent(between)}&period_key=2026-10`,
        ]) {
          expect([query, await exported(query)]).toEqual([query, await lines(query)])
        }

        const gateway = await mlmOf(container).commissions()
        const [audit] = await gateway.db.exec<{ after: unknown }>(
          `SELECT after FROM mlm_audit_log WHERE event = 'data_exported' AND actor_id = $1 ORDER BY seq DESC LIMIT 1`,
          [finance.userId]
        )
        expect(audit.after).toEqual({
          format: "csv",
          filters: {
            distributor_id: null,
            order_id: null,
            status: null,
            bonus: null,
            period_key: "2026-10",
            from: "2000-01-01T00:00:00.000Z",
            to: between,
            before_id: null,
            limit: 10000,
          },
          rows: 0,
        })
      })

      it("refuses a malformed period, a malformed time and an empty range, in the export too", async () => {
        const badPeriod = await get("/admin/mlm/ledger?period_key=2026-13")
        const badTime = await get("/admin/mlm/ledger?from=yesterday")
        const emptyRange = await get("/admin/mlm/ledger?from=2026-11-02&to=2026-11-01")
        expect([badPeriod.status, badPeriod.data.message]).toEqual([
          400,
          "Invalid request: period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)",
        ])
        expect([badTime.status, badTime.data.message]).toEqual([
          400,
          "Invalid request: from must be a date (2026-11-01) or an ISO 8601 time with Z or an offset",
        ])
        expect([emptyRange.status, emptyRange.data.message]).toEqual([400, "Invalid request: from must be before to"])
        const finance = await createCallerWithRole(container, http, "finance")
        for (const [query, message] of [
          ["period_key=2026-13", "Invalid request: period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)"],
          ["from=yesterday", "Invalid request: from must be a date (2026-11-01) or an ISO 8601 time with Z or an offset"],
          ["from=2026-11-02&to=2026-11-01", "Invalid request: from must be before to"],
        ]) {
          const response = await getText(api, `/admin/mlm/ledger/export?${query}`, finance.headers)
          expect([query, response.status, JSON.parse(response.data).message]).toEqual([query, 400, message])
        }
      })
    })

    describe("GET /admin/mlm/security/summary", () => {
      it("counts the role holders by factor state and the distributors with a confirmed factor", async () => {
        const db = (await mlmOf(container).commissions()).db
        const viewer = await createCallerWithRole(container, http, "viewer", "viewer@pages.test")
        // Two users granted a role outside HTTP: one never enrolled, one enrolled without confirming.
        const support = await createCallerWithRole(container, http, null, "support@pages.test")
        const finance = await createCallerWithRole(container, http, null, "finance@pages.test")
        await grantMlmRoleToUser(container, support.userId, "support", "test")
        await grantMlmRoleToUser(container, finance.userId, "finance", "test")
        await db.exec(`INSERT INTO mlm_mfa_factor (actor_type, actor_id, secret_enc) VALUES ('user', $1, 'not-a-secret')`, [finance.userId])

        const people = await buildTree(container, { ann: null, ben: "ann", cai: "ann" })
        await db.exec(
          `INSERT INTO mlm_mfa_factor (actor_type, actor_id, secret_enc, confirmed_at) VALUES ('customer', $1, 'x', now()), ('customer', $2, 'x', NULL)`,
          [people.ann.customer_id, people.ben.customer_id]
        )
        const { count: distributorsBefore } = await db
          .exec<{ count: string }>(
            `SELECT count(*) AS count FROM mlm_distributor WHERE deleted_at IS NULL AND NOT is_house AND customer_id IS NOT NULL`
          )
          .then(([row]) => ({ count: Number(row.count) }))

        const summary = await get("/admin/mlm/security/summary")
        expect(summary.status).toBe(200)
        expect(summary.data).toEqual({
          admin_users: {
            holders: 4,
            confirmed: 2,
            pending: 1,
            none: 1,
            by_role: [
              { role: "viewer", holders: 1, confirmed: 1, pending: 0, none: 0 },
              { role: "support", holders: 1, confirmed: 0, pending: 0, none: 1 },
              { role: "finance", holders: 1, confirmed: 0, pending: 1, none: 0 },
              { role: "admin", holders: 1, confirmed: 1, pending: 0, none: 0 },
            ],
            unconfirmed: [
              { user_id: support.userId, role: "support", factor: "none" },
              { user_id: finance.userId, role: "finance", factor: "pending" },
            ],
            unconfirmed_truncated: false,
          },
          distributors: { with_account: distributorsBefore, confirmed: 1 },
        })

        const asViewer = await get("/admin/mlm/security/summary", viewer)
        const withQuery = await get("/admin/mlm/security/summary?role=admin")
        expect([asViewer.status, asViewer.data.message]).toEqual([403, "Your MLM role (viewer) does not grant the permission roles.read"])
        expect([withQuery.status, withQuery.data.message]).toEqual([400, "Invalid request: Unrecognized fields: 'role'"])
      })
    })
  },
})
