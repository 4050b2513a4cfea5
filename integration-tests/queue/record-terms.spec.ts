/**
 * An order's payout terms are kept once (docs/ledger.md, "Records and terms"): a term worth
 * something is the order's line, a term worth 0 stays on the record (zero_terms), and
 * mlm_order_terms() gives all of them back, which is what a refund recomputes with. Also the
 * backfill of Migration20261121190000 on records written with every term on them.
 */
import { processAdjustment } from "../../src/modules/mlm/commissions/adjustment-processor"
import { processOrderBatch } from "../../src/modules/mlm/commissions/order-processor"
import { createTestDatabase, migrationSql } from "./support/database"
import { insertPlanVersion, orderJob } from "./support/network"
import { ledgerSuite } from "./support/ledger-suite"

jest.setTimeout(60_000)

// Level 3 pays 1 bp: on a CV of 40 that is 0.004 of a cent, 0 after rounding.
const PLAN = { currency: "EUR", components: [{ type: "unilevel", levels_bp: [1000, 500, 1], compression: "dynamic" }] }
const term = (to: number, level: number, rateBp: number) => ({ to, bonus: "unilevel", level, rateBp, fullMinor: null })

describe("order terms: worth-something terms are the lines, the record keeps the zero ones", () => {
  const suite = ledgerSuite({ prefix: "mlm_it_terms", chains: 1, depth: 8, plan: PLAN })
  const now = new Date()
  const config = { holdingDays: 30, now: () => now }


  it("writes the zero term on the record only, gives all three back in payout order, and a refund recomputes them", async () => {
    const [, , , , u3, u2, u1, buyer] = suite.network.chain(0)
    const job = orderJob({ orderId: "order_terms_a", buyerNode: buyer, cvMinor: 40 }, "EUR", now.toISOString())
    expect(await processOrderBatch(suite.db, [job], config)).toEqual({ recorded: 1, duplicates: 0, lines: 2 })

    const { rows: [record] } = await suite.database.pool.query(
      `SELECT zero_terms, mlm_order_terms(order_id, zero_terms) AS terms FROM mlm_commission_record WHERE order_id = 'order_terms_a'`,
    )
    expect(record.zero_terms).toEqual([term(u3, 3, 1)])
    expect(record.terms).toEqual([term(u1, 1, 1000), term(u2, 2, 500), term(u3, 3, 1)])

    // Half the money back: CV 40 → 20. Level 1: 4 → 2 cents; level 2: 2 → 1; level 3 stays 0.
    await processAdjustment(suite.db, { kind: "adjustment", adjustment_key: "refund_terms_a", order_id: job.order_id, type: "refund", at: now.toISOString(), refund_minor: 20 }, config)
    const { rows: lines } = await suite.database.pool.query(
      `SELECT source_id, beneficiary_node, level, amount_minor::int AS cents, rate_bp, base_minor::int AS base FROM mlm_ledger_line ORDER BY id`,
    )
    expect(lines).toEqual([
      { source_id: "order_terms_a", beneficiary_node: u1, level: 1, cents: 4, rate_bp: 1000, base: 40 },
      { source_id: "order_terms_a", beneficiary_node: u2, level: 2, cents: 2, rate_bp: 500, base: 40 },
      { source_id: "refund_terms_a", beneficiary_node: u1, level: 1, cents: -2, rate_bp: 1000, base: -20 },
      { source_id: "refund_terms_a", beneficiary_node: u2, level: 2, cents: -1, rate_bp: 500, base: -20 },
    ])
  })

  it("Migration20261121190000 keeps on each record exactly the terms none of its order lines stands for", async () => {
    const old = await createTestDatabase("mlm_it_terms_old", 2, "Migration20261121180000")
    try {
      const versionId = await insertPlanVersion(old.pool, PLAN)
      const terms = [term(7, 1, 1000), term(6, 2, 500), term(5, 3, 1)]
      const insertRecord = (orderId: string, recordTerms: unknown[]) =>
        old.pool.query(
          `INSERT INTO mlm_commission_record (order_id, plan_version_id, currency_code, owner_node, buyer_kind, cv_minor, net_cv_minor,
                                             total_minor, items, terms, period_key, placed_at, hold_until)
           VALUES ($1, $2, 'EUR', 8, 'distributor', 40, 40, 40, '[]', $3::jsonb, '2026-11', now(), now())`,
          [orderId, versionId, JSON.stringify(recordTerms)],
        )
      await insertRecord("order_old_a", terms)
      await insertRecord("order_old_b", [])
      // Order A's lines: levels 1 and 2. A line of another order naming level 3's payee does not count.
      await old.pool.query(
        `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id,
                                      order_id, base_minor, rate_bp, status)
         VALUES ('order', 'order_old_a', 7, 'unilevel', 1, 4, 'EUR', $1, 'order_old_a', 40, 1000, 'available'),
                ('order', 'order_old_a', 6, 'unilevel', 2, 2, 'EUR', $1, 'order_old_a', 40, 500, 'available'),
                ('order', 'order_other', 5, 'unilevel', 3, 9, 'EUR', $1, 'order_other', 40, 1, 'available')`,
        [versionId],
      )
      for (const statement of migrationSql({ after: "Migration20261121180000", through: "Migration20261121190000" })) await old.pool.query(statement)

      const { rows } = await old.pool.query(
        `SELECT order_id, zero_terms, mlm_order_terms(order_id, zero_terms) AS terms FROM mlm_commission_record ORDER BY order_id`,
      )
      expect(rows).toEqual([
        { order_id: "order_old_a", zero_terms: [terms[2]], terms },
        { order_id: "order_old_b", zero_terms: [], terms: [] },
      ])
    } finally {
      await old.drop()
    }
  })
})
