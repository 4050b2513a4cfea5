// The batch network's own rules: breadth-first renumbering, and inputs the sweeps cannot take
// are refused with the array and index at fault.
import {
  BatchInputError,
  breadthFirstOrder,
  computeBinaryPeriod,
  computeUnilevelBatch,
  emptyCarry,
  generateNetwork,
  generateOrders,
  type BatchNetwork,
} from "../../../src/engine/batch"

const plan = { rateBp: 1000, capCents: null, overCap: "flush", qualification: "none", unqualified: "accumulate", rounding: "half_up", activityMinPvMinor: null } as const

describe("batch network", () => {
  it("renumbers a forest breadth-first, left before right, roots first", () => {
    // 0 is the root; 3 is 0's right child, 1 its left; 2 is 3's left child.
    const parent = new Int32Array([-1, 0, 3, 0])
    const side = new Uint8Array([0, 0, 0, 1])
    expect(Array.from(breadthFirstOrder(parent, side))).toEqual([0, 1, 3, 2])
  })

  it("refuses a placement cycle", () => {
    expect(() => breadthFirstOrder(new Int32Array([-1, 2, 1]))).toThrow("cycle")
  })

  it("refuses a placement parent that comes after its child", () => {
    const network: BatchNetwork = { ...generateNetwork({ shape: "balanced", members: 4, seed: 1 }) }
    network.placementParentIdx[1] = 3
    expect(() => computeBinaryPeriod(network, generateOrders({ orders: 1, members: 4, seed: 1, minCvMinor: 1, maxCvMinor: 9 }), emptyCarry(4), plan)).toThrow(
      new BatchInputError("network.placementParentIdx[1]: 3 must be an earlier member (breadth-first order)")
    )
  })

  it("refuses two members in one slot and an order by a non-member", () => {
    const network = generateNetwork({ shape: "balanced", members: 4, seed: 1 })
    network.placementSide[2] = 0
    const orders = generateOrders({ orders: 1, members: 4, seed: 1, minCvMinor: 1, maxCvMinor: 9 })
    expect(() => computeBinaryPeriod(network, orders, emptyCarry(4), plan)).toThrow("slot left of member 0 is taken twice")
    const unilevelPlan = { levelsBp: [1000], compression: "dynamic", rounding: "half_up", activityMinPvMinor: null, levelsByRankIdx: null } as const
    orders.ownerIdx[0] = 4
    expect(() => computeUnilevelBatch(network, orders, unilevelPlan)).toThrow("orders.ownerIdx[0]: 4 is not a member")
  })

  it("pays dynamic unilevel on a 100,000-deep chain of inactive members (reverse-time skip links)", () => {
    const members = 100_000
    const network = generateNetwork({ shape: "chain", members, seed: 3 })
    network.pvMinor[0] = 5000 // only the root is active
    const orders = generateOrders({ orders: 20_000, members, seed: 4, minCvMinor: 100, maxCvMinor: 100 })
    const unilevelPlan = { levelsBp: [1000, 500], compression: "dynamic", rounding: "half_up", activityMinPvMinor: 5000, levelsByRankIdx: null } as const
    const { lines } = computeUnilevelBatch(network, orders, unilevelPlan)
    // Every order (except the root's own) pays level 1 to the root and nobody else: orders of
    // 100 never lift anyone else to 5000 PV unless one member buys 50 times.
    const paidTo = new Set(Array.from(lines.toIdx))
    expect(paidTo.has(0)).toBe(true)
    for (let row = 0; row < lines.lineCount; row++) {
      if (lines.toIdx[row] === 0) expect([lines.level[row], lines.cents[row]]).toEqual([1, 10])
    }
  })
})
