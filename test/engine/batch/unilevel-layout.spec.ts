// The batch unilevel works in its own member numbering (sponsor-layout.ts): networks already laid
// out breadth-first or in pre-order are used as they are, any other is renumbered. Whatever the
// input numbering, every order must get exactly the same lines, by level, for the same members; and the renumberings themselves must keep every sponsor before its members.
import fc from "fast-check"
import {
  NETWORK_SHAPES,
  breadthFirstOrder,
  computeUnilevelBatch,
  generateNetwork,
  generateOrders,
  mulberry32,
  type BatchNetwork,
  type OrderBatch,
  type UnilevelBatchPlan,
} from "../../../src/engine/batch"
import {
  breadthFirstLayout,
  isBreadthFirstLayout,
  isPreOrderLayout,
  preOrderLayout,
  sponsorLayout,
} from "../../../src/engine/batch/sponsor-layout"
import { linesByOrder } from "./batch-arbitraries"

/** Member v of `network` becomes member `to[v]`; orders follow their owners. */
function renumbered(network: BatchNetwork, orders: OrderBatch, to: Int32Array): { network: BatchNetwork; orders: OrderBatch } {
  const size = network.size
  const moved = {
    size,
    sponsorIdx: new Int32Array(size),
    placementParentIdx: new Int32Array(size).fill(-1),
    placementSide: new Uint8Array(size),
    terminated: new Uint8Array(size),
    rankIdx: new Int8Array(size),
    pvMinor: new Float64Array(size),
  }
  for (let v = 0; v < size; v++) {
    const sponsor = network.sponsorIdx[v]
    moved.sponsorIdx[to[v]] = sponsor < 0 ? -1 : to[sponsor]
    moved.terminated[to[v]] = network.terminated[v]
    moved.rankIdx[to[v]] = network.rankIdx[v]
    moved.pvMinor[to[v]] = network.pvMinor[v]
  }
  const ownerIdx = orders.ownerIdx.map((owner) => to[owner])
  return { network: moved, orders: { size: orders.size, ownerIdx, cvMinor: orders.cvMinor } }
}

function shuffled(size: number, seed: number): Int32Array {
  const random = mulberry32(seed)
  const to = new Int32Array(size).map((_, i) => i)
  for (let i = size - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1))
    ;[to[i], to[k]] = [to[k], to[i]]
  }
  return to
}

const inputs = fc.record({
  shape: fc.constantFrom(...NETWORK_SHAPES),
  members: fc.integer({ min: 1, max: 300 }),
  orders: fc.integer({ min: 0, max: 400 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  compression: fc.constantFrom("dynamic" as const, "none" as const),
  rounding: fc.constantFrom("half_up" as const, "half_even" as const),
  activityMinPvMinor: fc.constantFrom(null, 5000, 12000),
  levelsByRankIdx: fc.constantFrom(null, [1, 3, null], [0, 2, 5]),
})

describe("batch unilevel member layout", () => {
  it("gives every order the same lines, by level, for any numbering of the members", () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom("shuffled", "pre-order", "breadth-first"), (p, numbering) => {
        const network = generateNetwork({ shape: p.shape, members: p.members, seed: p.seed, terminatedBp: 1000, rankCount: 3, maxPvMinor: 9000 })
        const orders = generateOrders({ orders: p.orders, members: p.members, seed: p.seed + 1, minCvMinor: 1, maxCvMinor: 20000 })
        const plan: UnilevelBatchPlan = { levelsBp: [1000, 500, 300, 200, 100], ...p }
        const to =
          numbering === "shuffled" ? shuffled(p.members, p.seed)
          : numbering === "pre-order" ? preOrderLayout(network.sponsorIdx).newIdx
          : breadthFirstOrder(network.sponsorIdx)
        const moved = renumbered(network, orders, to)
        const expected = computeUnilevelBatch(network, orders, plan)
        const actual = computeUnilevelBatch(moved.network, moved.orders, plan)
        const expectedByOrder = linesByOrder(expected.lines).map((rows) => rows.map(([toIdx, level, cents]) => [to[toIdx], level, cents]))
        expect(linesByOrder(actual.lines)).toEqual(expectedByOrder)
        expect(actual.lines.lineCount).toBe(expected.lines.lineCount)
        const expectedPv = new Float64Array(p.members)
        for (let v = 0; v < p.members; v++) expectedPv[to[v]] = expected.pvAfterMinor[v]
        expect(Array.from(actual.pvAfterMinor)).toEqual(Array.from(expectedPv))
      }),
      { numRuns: 150 }
    )
  })

  it("uses breadth-first and pre-order networks as they are and renumbers any other so sponsors come first", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NETWORK_SHAPES), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 0x7fffffff }), (shape, members, seed) => {
        const { sponsorIdx } = generateNetwork({ shape, members, seed })
        const moved = renumbered(generateNetwork({ shape, members, seed }), { size: 0, ownerIdx: new Int32Array(0), cvMinor: new Int32Array(0) }, shuffled(members, seed)).network.sponsorIdx
        for (const input of [sponsorIdx, moved]) {
          const layout = sponsorLayout(input)
          const laidOut = isBreadthFirstLayout(input) || isPreOrderLayout(input)
          expect(layout.oldIdx === null).toBe(laidOut)
          if (layout.oldIdx === null || layout.newIdx === null) continue
          const faults: string[] = []
          for (let slot = 0; slot < members; slot++) {
            const original = layout.oldIdx[slot]
            const sponsor = input[original] < 0 ? -1 : layout.newIdx[input[original]]
            if (layout.newIdx[original] !== slot) faults.push(`newIdx[${original}] is not ${slot}`)
            if (layout.sponsor[slot] !== sponsor || sponsor >= slot) faults.push(`sponsor of slot ${slot}`)
          }
          expect(faults).toEqual([])
          expect(isBreadthFirstLayout(layout.sponsor) || isPreOrderLayout(layout.sponsor)).toBe(true)
        }
      }),
      { numRuns: 200 }
    )
  })

  it("renumbers breadth-first exactly as breadthFirstOrder, and in pre-order when sponsors come first", () => {
    // 0 and 5 are roots; 0 sponsors 3 and 1, 3 sponsors 2 and 4, 5 sponsors 6.
    const sponsorIdx = new Int32Array([-1, 0, 3, 0, 3, -1, 5])
    expect(Array.from(breadthFirstLayout(sponsorIdx).newIdx)).toEqual(Array.from(breadthFirstOrder(sponsorIdx)))
    expect(Array.from(breadthFirstLayout(sponsorIdx).oldIdx)).toEqual([0, 5, 1, 3, 6, 2, 4])
    // Pre-order needs sponsors first: 1 sponsors 2 and 3 sponsors 4 here.
    const sponsorsFirst = new Int32Array([-1, 0, 1, 0, 3, -1, 5])
    expect(Array.from(preOrderLayout(sponsorsFirst).oldIdx)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(isPreOrderLayout(sponsorsFirst)).toBe(true)
    expect(isBreadthFirstLayout(sponsorsFirst)).toBe(false)
    expect(Array.from(preOrderLayout(new Int32Array([-1, 0, 0, 1, 2, 1])).oldIdx)).toEqual([0, 1, 3, 5, 2, 4])
  })

  it("refuses sponsor links that form a cycle", () => {
    const network = generateNetwork({ shape: "chain", members: 4, seed: 1 })
    network.sponsorIdx[1] = 3 // 1 -> 3 -> 2 -> 1
    const orders = generateOrders({ orders: 2, members: 4, seed: 1, minCvMinor: 100, maxCvMinor: 100 })
    expect(() =>
      computeUnilevelBatch(network, orders, { levelsBp: [1000], compression: "dynamic", rounding: "half_up", activityMinPvMinor: null, levelsByRankIdx: null })
    ).toThrow("network.sponsorIdx: the sponsor links contain a cycle")
  })
})
