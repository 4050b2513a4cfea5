// Properties of simulate() on random networks and event streams with the per-order components
// (unilevel, retail_profit, fast_start) and a pool: no zero-cent lines; after any sequence of
// partial refunds every payee's net on an order equals the commission on the order's net CV and
// nothing is clawed back from someone the order did not pay; one order's unilevel lines never
// exceed its level rates × CV; a pool's parts add up to the pool; same input, same output.
import fc from "fast-check"
import { applyRateBp, mulDivRound, simulate, type Line, type Rounding } from "../../../src/engine"
import { depthByRank, interpret, levelRates, rounding, step, type Interpreted } from "./documents"

const perOrderDocument = fc
  .record({
    steps: fc.array(step, { minLength: 1, maxLength: 60 }),
    initialMembers: fc.integer({ min: 1, max: 8 }),
    levels: levelRates,
    compression: fc.constantFrom("dynamic", "none"),
    depthByRank,
    fastStartBp: fc.integer({ min: 0, max: 3000 }),
    fastStartDays: fc.integer({ min: 0, max: 20 }),
    poolBp: fc.integer({ min: 1, max: 500 }),
    poolShares: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
    minPv: fc.option(fc.integer({ min: 1, max: 15000 }), { nil: undefined }),
    rounding,
  })
  .map((p) => {
    const facts = interpret(p.steps, { initialMembers: p.initialMembers, customers: true, weights: [20, 40, 20, 8, 4, 8] })
    const unilevel: Record<string, unknown> = { type: "unilevel", levels_bp: p.levels, compression: p.compression }
    if (p.depthByRank) unilevel.depth_by_rank = p.depthByRank
    const shares = Object.fromEntries(p.poolShares.map((weight, i) => [`n${i % p.initialMembers}`, weight]))
    const doc = {
      id: "property",
      plan: {
        currency: "USD",
        rounding: p.rounding,
        ...(p.minPv === undefined ? {} : { activity: { min_pv: p.minPv } }),
        components: [
          { type: "retail_profit" },
          unilevel,
          { type: "fast_start", rate_bp: p.fastStartBp, days: p.fastStartDays },
          { type: "pool", rate_bp: p.poolBp, shares },
        ],
      },
      members: facts.members,
      events: facts.events,
    }
    return { doc, facts, levels: p.levels, fastStartBp: p.fastStartBp, poolBp: p.poolBp, rounding: p.rounding as Rounding }
  })

const RUNS = { numRuns: 250 }

/** Lines an order caused: its own and those of its refunds, per-order components only. */
function orderFamilies(lines: Line[], facts: Interpreted): Map<string, Line[]> {
  const orderOfSource = new Map<string, string>()
  for (const order of facts.orders.values()) {
    orderOfSource.set(order.id, order.id)
    for (const refund of order.refunds) orderOfSource.set(refund.id, order.id)
  }
  const families = new Map<string, Line[]>()
  for (const line of lines) {
    if (!["unilevel", "retail_profit", "fast_start"].includes(line.bonus)) continue
    const order = orderOfSource.get(line.source)
    if (order === undefined) throw new Error(`per-order line with unknown source ${line.source}`)
    families.set(order, [...(families.get(order) ?? []), line])
  }
  return families
}

describe("simulate() properties, per-order components", () => {
  it("never posts a zero-cent line", () => {
    fc.assert(
      fc.property(perOrderDocument, ({ doc }) => {
        expect(simulate(doc).lines.filter((line) => line.cents === 0)).toEqual([])
      }),
      RUNS
    )
  })

  it("after any partial refunds, each payee nets the commission on the net CV and is never clawed back unpaid", () => {
    fc.assert(
      fc.property(perOrderDocument, ({ doc, facts, levels, fastStartBp, rounding }) => {
        const families = orderFamilies(simulate(doc).lines, facts)
        for (const [orderId, lines] of families) {
          const order = facts.orders.get(orderId)!
          const netCv = order.cv - order.refunds.reduce((sum, r) => sum + r.cv, 0)
          const byPayee = new Map<string, { paid: number; net: number; rateOf: (cv: number) => number }>()
          for (const line of lines) {
            const key = `${line.to}|${line.bonus}|${line.level ?? ""}`
            const entry = byPayee.get(key) ?? {
              paid: 0,
              net: 0,
              rateOf: (cv: number) =>
                line.bonus === "unilevel"
                  ? applyRateBp(cv, levels[line.level! - 1], rounding)
                  : line.bonus === "fast_start"
                    ? applyRateBp(cv, fastStartBp, rounding)
                    : mulDivRound(order.retail! - order.wholesale!, cv, order.cv, rounding),
            }
            if (line.source === orderId) entry.paid += line.cents
            entry.net += line.cents
            byPayee.set(key, entry)
          }
          for (const [key, entry] of byPayee) {
            expect({ key, paid: entry.paid, net: entry.net }).toEqual({ key, paid: entry.rateOf(order.cv), net: entry.rateOf(netCv) })
            expect(entry.net).toBeGreaterThanOrEqual(0)
          }
        }
      }),
      RUNS
    )
  })

  it("never pays one order more unilevel than the sum of its level rates × CV", () => {
    fc.assert(
      fc.property(perOrderDocument, ({ doc, facts, levels, rounding }) => {
        const paid = new Map<string, Line[]>()
        for (const line of simulate(doc).lines) {
          if (line.bonus === "unilevel" && facts.orders.has(line.source)) paid.set(line.source, [...(paid.get(line.source) ?? []), line])
        }
        for (const [orderId, lines] of paid) {
          const cv = facts.orders.get(orderId)!.cv
          const bound = levels.reduce((sum, rateBp) => sum + applyRateBp(cv, rateBp, rounding), 0)
          expect(lines.reduce((sum, line) => sum + line.cents, 0)).toBeLessThanOrEqual(bound)
          expect(new Set(lines.map((line) => line.level)).size).toBe(lines.length)
          for (const line of lines) expect(line.cents).toBe(applyRateBp(cv, levels[line.level! - 1], rounding))
        }
      }),
      RUNS
    )
  })

  it("splits every period's pool into parts that add up to the pool exactly", () => {
    fc.assert(
      fc.property(perOrderDocument, ({ doc, facts, poolBp, rounding }) => {
        const lines = simulate(doc).lines.filter((line) => line.bonus === "pool")
        for (const period of facts.closedPeriodCv) {
          const parts = lines.filter((line) => line.source === period.id)
          if (parts.length === 0) continue // every holder terminated, or the pool rounds to 0
          expect(parts.reduce((sum, line) => sum + line.cents, 0)).toBe(applyRateBp(period.netCv, poolBp, rounding))
        }
        expect(lines.every((line) => facts.closedPeriodCv.some((period) => period.id === line.source))).toBe(true)
      }),
      RUNS
    )
  })

  it("gives the same output for the same input", () => {
    fc.assert(
      fc.property(perOrderDocument, ({ doc }) => {
        const first = simulate(doc)
        const second = simulate(JSON.parse(JSON.stringify(doc)))
        expect(second).toEqual(first)
        expect(JSON.stringify(second)).toBe(JSON.stringify(first))
      }),
      { numRuns: 100 }
    )
  })
})
