// The one-sweep binary period must pay and carry exactly what the replay engine does for the
// same placement tree and orders, period after period: caps with flush and with carry, carry
// across periods, sponsored_each_leg qualification (accumulate and flush), terminated members.
import fc from "fast-check"
import { simulate } from "../../../src/engine"
import {
  binaryDocument,
  computeBinaryPeriod,
  emptyCarry,
  generateNetwork,
  generateOrders,
  type BinaryBatchPlan,
  type BinaryCarry,
} from "../../../src/engine/batch"
import { batchInput, binaryLineMultiset, carryRecord, lineMultiset, type BatchInput } from "./batch-arbitraries"

const binaryPlan = fc.record({
  rateBp: fc.constantFrom(0, 333, 1000, 2500),
  capCents: fc.constantFrom(null, 0, 50, 1200, 100000),
  overCap: fc.constantFrom("flush" as const, "carry" as const),
  qualification: fc.constantFrom("none" as const, "sponsored_each_leg" as const),
  unqualified: fc.constantFrom("accumulate" as const, "flush" as const),
  rounding: fc.constantFrom("half_up" as const, "half_even" as const),
  activityMinPvMinor: fc.constantFrom(null, 5000),
}) satisfies fc.Arbitrary<BinaryBatchPlan>

/** Runs the batch period by period (PV resets at each close, carry stays) and the replay once. */
function assertSameAsReplay(input: BatchInput, plan: BinaryBatchPlan): void {
  let carry: BinaryCarry = emptyCarry(input.network.size)
  const batchLines: string[] = []
  input.periods.forEach((orders, p) => {
    const network = p === 0 ? input.network : { ...input.network, pvMinor: new Float64Array(input.network.size) }
    const period = computeBinaryPeriod(network, orders, carry, plan)
    batchLines.push(...binaryLineMultiset(period.lines, p))
    carry = period.carry
  })
  const replay = simulate(binaryDocument(input.network, input.periods, plan))
  expect(batchLines.sort()).toEqual(lineMultiset(replay.lines))
  expect(carryRecord(carry.left, carry.right)).toEqual(replay.carry ?? {})
}

describe("batch binary period equals the replay engine", () => {
  it("over one period on random trees, orders and plans", () => {
    fc.assert(
      fc.property(batchInput({ maxMembers: 60, maxOrders: 60, periods: 1 }), binaryPlan, assertSameAsReplay),
      { numRuns: 200 }
    )
  })

  it("carries volume across three periods", () => {
    fc.assert(
      fc.property(batchInput({ maxMembers: 40, maxOrders: 30, periods: 3 }), binaryPlan, assertSameAsReplay),
      { numRuns: 150 }
    )
  })

  it.each(["flush", "carry"] as const)("caps a balanced tree with over_cap %s", (overCap) => {
    const network = generateNetwork({ shape: "balanced", members: 31, seed: 5 })
    const periods = [1, 2].map((seed) => generateOrders({ orders: 40, members: 31, seed, minCvMinor: 5000, maxCvMinor: 30000 }))
    const plan: BinaryBatchPlan = { rateBp: 1000, capCents: 1200, overCap, qualification: "none", unqualified: "accumulate", rounding: "half_up", activityMinPvMinor: null }
    assertSameAsReplay({ network, periods }, plan)
    const first = computeBinaryPeriod(network, periods[0], emptyCarry(31), plan)
    // The root matches far more than 12,000 volume, so the cap must have bitten.
    expect(Array.from(first.lines.toIdx)).toContain(0)
    expect(first.lines.cents[Array.from(first.lines.toIdx).indexOf(0)]).toBe(1200)
  })
})
