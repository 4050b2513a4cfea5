/**
 * Holds and their release against real PostgreSQL (docs/ledger.md, Holds): order and adjustment
 * lines held for the holding period get one mlm_ledger_hold row per source; the release makes
 * exactly the due sources' pending lines available, leaves canceled lines canceled and lines
 * still held pending, and deletes the holds it took.
 */
import { processAdjustment } from "../../src/modules/mlm/commissions/adjustment-processor"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import { releaseHeldLines } from "../../src/modules/mlm/repositories/ledger-sql"
import { orderJob } from "./support/network"
import { ledgerSuite } from "./support/ledger-suite"

jest.setTimeout(60_000)

const DAY_MS = 86_400_000
const PLAN = { currency: "EUR", components: [{ type: "unilevel", levels_bp: [1000, 500, 250], compression: "dynamic" }] }

describe("ledger holds: one per source, released when due", () => {
  const suite = ledgerSuite({ prefix: "mlm_it_hold", chains: 1, depth: 8, plan: PLAN })
  const now = new Date()
  const config = { holdingDays: 30, now: () => now }
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString()
  const buyer = () => suite.network.chain(0)[5]

  const lines = async () =>
    (
      await suite.database.pool.query<{ source_kind: string; source_id: string; status: string; n: number }>(
        `SELECT source_kind, source_id, status, count(*)::int AS n FROM mlm_ledger_line GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
      )
    ).rows
  const holds = async () =>
    (await suite.database.pool.query<{ source_kind: string; source_id: string }>(`SELECT source_kind, source_id FROM mlm_ledger_hold ORDER BY 2`)).rows


  it("holds order and refund lines per source, releases the due ones, and leaves canceled lines canceled", async () => {
    const a = orderJob({ orderId: "order_hold_a", buyerNode: buyer(), cvMinor: 10_000 }, "EUR", daysAgo(29))
    const b = orderJob({ orderId: "order_hold_b", buyerNode: buyer(), cvMinor: 10_000 }, "EUR", daysAgo(40))
    const c = orderJob({ orderId: "order_hold_c", buyerNode: buyer(), cvMinor: 10_000 }, "EUR", daysAgo(10))
    expect(await processOrderBatch(suite.db, [a, b, c], config)).toEqual({ recorded: 3, duplicates: 0, lines: 9 })
    await processAdjustment(suite.db, { kind: "adjustment", adjustment_key: "refund_hold_a", order_id: a.order_id, type: "refund", at: now.toISOString(), refund_minor: 5_000 }, config)
    await processAdjustment(suite.db, { kind: "adjustment", adjustment_key: "cancel_hold_c", order_id: c.order_id, type: "cancel", at: now.toISOString() }, config)

    // B was placed before the holding period: available at once, no hold.
    expect(await holds()).toEqual([
      { source_kind: "order", source_id: "order_hold_a" },
      { source_kind: "order", source_id: "order_hold_c" },
      { source_kind: "adjustment", source_id: "refund_hold_a" },
    ])
    expect(await lines()).toEqual([
      { source_kind: "adjustment", source_id: "refund_hold_a", status: "pending", n: 3 },
      { source_kind: "order", source_id: "order_hold_a", status: "pending", n: 3 },
      { source_kind: "order", source_id: "order_hold_b", status: "available", n: 3 },
      { source_kind: "order", source_id: "order_hold_c", status: "canceled", n: 3 },
    ])

    // Nothing is due yet.
    expect(await releaseHeldLines(suite.db.exec, now, 100)).toEqual({ lines: 0, holds: 0 })
    // Two days on, A's hold (and its refund's, which shares it) has ended; C's has not.
    const inTwoDays = new Date(now.getTime() + 2 * DAY_MS)
    expect(await releaseHeldLines(suite.db.exec, inTwoDays, 1)).toEqual({ lines: 3, holds: 1 })
    expect(await releaseHeldLines(suite.db.exec, inTwoDays, 100)).toEqual({ lines: 3, holds: 1 })
    expect(await releaseHeldLines(suite.db.exec, inTwoDays, 100)).toEqual({ lines: 0, holds: 0 })
    expect(await holds()).toEqual([{ source_kind: "order", source_id: "order_hold_c" }])
    // C's hold ends: its lines were canceled and stay so; the hold goes.
    expect(await releaseHeldLines(suite.db.exec, new Date(now.getTime() + 25 * DAY_MS), 100)).toEqual({ lines: 0, holds: 1 })
    expect(await holds()).toEqual([])
    expect(await lines()).toEqual([
      { source_kind: "adjustment", source_id: "refund_hold_a", status: "available", n: 3 },
      { source_kind: "order", source_id: "order_hold_a", status: "available", n: 3 },
      { source_kind: "order", source_id: "order_hold_b", status: "available", n: 3 },
      { source_kind: "order", source_id: "order_hold_c", status: "canceled", n: 3 },
    ])
  })
})
