// The batch unilevel must post exactly the lines the replay engine posts for the same network
// and orders: dynamic and none compression, min_pv activity reached mid-batch, terminated
// members, rank-gated depth, both roundings.
import fc from "fast-check"
import { simulate } from "../../../src/engine"
import { computeUnilevelBatch, unilevelDocument, type UnilevelBatchPlan } from "../../../src/engine/batch"
import { batchInput, lineMultiset, unilevelLineMultiset } from "./batch-arbitraries"

const unilevelPlan = fc.record({
  levelsBp: fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 6 }),
  compression: fc.constantFrom("dynamic" as const, "none" as const),
  rounding: fc.constantFrom("half_up" as const, "half_even" as const),
  activityMinPvMinor: fc.constantFrom(null, 1, 5000, 12000),
  levelsByRankIdx: fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }), { minLength: 3, maxLength: 3 }), { nil: null }),
}) satisfies fc.Arbitrary<UnilevelBatchPlan>

function assertSameAsReplay(input: { network: Parameters<typeof computeUnilevelBatch>[0]; periods: Parameters<typeof computeUnilevelBatch>[1][] }, plan: UnilevelBatchPlan): void {
  const [orders] = input.periods
  const batch = computeUnilevelBatch(input.network, orders, plan)
  const replay = simulate(unilevelDocument(input.network, orders, plan))
  expect(unilevelLineMultiset(batch.lines)).toEqual(lineMultiset(replay.lines))
}

describe("batch unilevel equals the replay engine", () => {
  it("on random networks, order streams and plans", () => {
    fc.assert(
      fc.property(batchInput({ maxMembers: 60, maxOrders: 80, periods: 1 }), unilevelPlan, (input, plan) => {
        assertSameAsReplay(input, plan)
      }),
      { numRuns: 300 }
    )
  })

  it.each(["dynamic", "none"] as const)("with %s compression when most of a deep chain is inactive", (compression) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (seed) => {
        const input = batchInputForChain(seed)
        assertSameAsReplay(input, { levelsBp: [1000, 500, 300, 200], compression, rounding: "half_up", activityMinPvMinor: 15000, levelsByRankIdx: [1, 2, null] })
      }),
      { numRuns: 20 }
    )
  })

  it("pays nothing and walks nothing for an empty batch", () => {
    const input = batchInputForChain(1)
    const batch = computeUnilevelBatch(input.network, { size: 0, ownerIdx: new Int32Array(0), cvMinor: new Int32Array(0) }, {
      levelsBp: [1000], compression: "dynamic", rounding: "half_up", activityMinPvMinor: null, levelsByRankIdx: null,
    })
    expect(batch.lines.lineCount).toBe(0)
    expect(batch.lines.orderCount).toBe(0)
    expect(batch.lines.orderRowStart).toHaveLength(0)
  })
})

function batchInputForChain(seed: number) {
  const { generateNetwork, generateOrders } = require("../../../src/engine/batch") as typeof import("../../../src/engine/batch")
  const network = generateNetwork({ shape: "chain", members: 200, seed, terminatedBp: 500, rankCount: 3, maxPvMinor: 16000 })
  const orders = generateOrders({ orders: 150, members: 200, seed: seed + 1, minCvMinor: 100, maxCvMinor: 9000 })
  return { network, periods: [orders] }
}
