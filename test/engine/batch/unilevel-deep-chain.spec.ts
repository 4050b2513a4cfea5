// Dynamic compression on chains whose members become active only after the orders below them:
// the owner-order walk would step over the whole chain for each such order (quadratic), so it
// gives up after WALK_STEP_BUDGET steps and the order is paid by the backwards-in-time pass.
import { simulate } from "../../../src/engine"
import {
  WALK_STEP_BUDGET,
  computeUnilevelBatch,
  unilevelDocument,
  type BatchNetwork,
  type OrderBatch,
  type UnilevelBatchPlan,
} from "../../../src/engine/batch"
import { lineMultiset, linesByOrder, unilevelLineMultiset } from "./batch-arbitraries"

const plan: UnilevelBatchPlan = { levelsBp: [1000, 500], compression: "dynamic", rounding: "half_up", activityMinPvMinor: 5000, levelsByRankIdx: null }

/** A chain 0 <- 1 <- ... <- members-1; only the root is active at the start. */
function chain(members: number): BatchNetwork {
  const sponsorIdx = new Int32Array(members).map((_, i) => i - 1)
  const pvMinor = new Float64Array(members)
  pvMinor[0] = 5000
  return {
    size: members,
    sponsorIdx,
    placementParentIdx: new Int32Array(members).fill(-1),
    placementSide: new Uint8Array(members),
    terminated: new Uint8Array(members),
    rankIdx: new Int8Array(members).fill(-1),
    pvMinor,
  }
}

/**
 * `early` orders of 100 by the bottom member while everybody between it and the root is still
 * inactive; then one order of 5000 by each of members 1 .. members-2, top down, each activating
 * its buyer; then one more order of 100 by the bottom member.
 */
function topDownActivation(members: number, early: number): OrderBatch {
  const bottom = members - 1
  const owners = [...Array(early).fill(bottom), ...Array.from({ length: members - 2 }, (_, t) => 1 + t), bottom]
  const cvs = [...Array(early).fill(100), ...Array(members - 2).fill(5000), 100]
  return { size: owners.length, ownerIdx: Int32Array.from(owners), cvMinor: Int32Array.from(cvs) }
}

describe("batch unilevel on chains activated after the orders below them", () => {
  it("equals the replay engine where the walk has to give up", () => {
    const members = 300
    expect(WALK_STEP_BUDGET).toBeLessThan(members - 2)
    const network = chain(members)
    const orders = topDownActivation(members, 40)
    const batch = computeUnilevelBatch(network, orders, plan)
    const replay = simulate(unilevelDocument(network, orders, plan))
    expect(unilevelLineMultiset(batch.lines)).toEqual(lineMultiset(replay.lines))
    expect(batch.lines.lineCount).toBe(40 + 1 + 2 * (members - 3) + 2)
  })

  it("stays linear on a 100,000-deep chain, with every line as derived by hand", () => {
    const members = 100_000
    const early = 50_000
    const orders = topDownActivation(members, early)
    const { lines } = computeUnilevelBatch(chain(members), orders, plan)
    // Early orders: only the root is active above the bottom member, so level 1 is the root
    // (10% of 100) and there is no level 2. Member m's activating order pays m-1 (10% of 5000)
    // and m-2 (5%). The last order finds the whole chain active: members-2 and members-3.
    const expected: [number, number, number][][] = []
    for (let j = 0; j < early; j++) expected.push([[0, 1, 10]])
    for (let m = 1; m <= members - 2; m++) expected.push(m === 1 ? [[0, 1, 500]] : [[m - 1, 1, 500], [m - 2, 2, 250]])
    expected.push([[members - 2, 1, 10], [members - 3, 2, 5]])
    const actual = linesByOrder(lines)
    let mismatches = 0
    expected.forEach((orderLines, j) => {
      if (JSON.stringify(actual[j]) !== JSON.stringify(orderLines)) mismatches++
    })
    expect(mismatches).toBe(0)
    expect(actual).toHaveLength(expected.length)
    expect(lines.lineCount).toBe(early + 1 + 2 * (members - 3) + 2)
  })
})
