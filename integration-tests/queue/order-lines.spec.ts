/**
 * One order's lines (the admin order view, `GET /admin/mlm/ledger?order_id=`, the CSV export):
 * its own lines and its adjustments' lines, found through the ledger's identity index rather
 * than by reading the whole ledger.
 */
import { processAdjustment } from "../../src/modules/mlm/commissions/adjustment-processor"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import { listLedgerLines } from "../../src/modules/mlm/repositories/statement-sql"
import { orderJob } from "./support/network"
import { ledgerSuite } from "./support/ledger-suite"

jest.setTimeout(60_000)

const PLAN = { currency: "EUR", components: [{ type: "unilevel", levels_bp: [1000, 500], compression: "dynamic" }] }

describe("an order's lines", () => {
  const suite = ledgerSuite({ prefix: "mlm_it_order_lines", chains: 1, depth: 6, plan: PLAN })
  const now = new Date()
  const config = { holdingDays: 30, now: () => now }


  it("are the order's own and its adjustments' lines, read through the identity index", async () => {
    const [, , u2, u1, buyer] = suite.network.chain(0)
    const a = orderJob({ orderId: "order_lines_a", buyerNode: buyer, cvMinor: 10_000 }, "EUR", now.toISOString())
    const b = orderJob({ orderId: "order_lines_b", buyerNode: buyer, cvMinor: 20_000 }, "EUR", now.toISOString())
    await processOrderBatch(suite.db, [a, b], config)
    await processAdjustment(suite.db, { kind: "adjustment", adjustment_key: "refund_lines_a", order_id: a.order_id, type: "refund", at: now.toISOString(), refund_minor: 5_000 }, config)

    const { rows, count } = await listLedgerLines(suite.db.exec, { order_id: a.order_id, limit: 100, offset: 0 })
    expect(count).toBe(4)
    expect(rows.map((line) => [line.source_id, line.beneficiary_node, Number(line.amount_minor)])).toEqual([
      ["refund_lines_a", u2, -250],
      ["refund_lines_a", u1, -500],
      ["order_lines_a", u2, 500],
      ["order_lines_a", u1, 1_000],
    ])

    // The same statements, explained with sequential scans priced out: a plan that can use an
    // index does. Both (page and count) reach the ledger through its identity index.
    const plans: string[] = []
    const explain: SqlExec = async <Row>(sql: string, params: unknown[] = []) => {
      const client = await suite.database.pool.connect()
      try {
        await client.query("SET enable_seqscan = off")
        const { rows: plan } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params)
        plans.push(plan.map((row) => row["QUERY PLAN"]).join("\n"))
        return [{ n: "0" }] as Row[]
      } finally {
        await client.query("RESET enable_seqscan")
        client.release()
      }
    }
    await listLedgerLines(explain, { order_id: a.order_id, limit: 100, offset: 0 })
    expect(plans).toHaveLength(2)
    for (const plan of plans) {
      expect(plan).toContain("mlm_ledger_line_identity")
      expect(plan).not.toMatch(/Seq Scan on mlm_ledger_line/)
    }
  })
})
