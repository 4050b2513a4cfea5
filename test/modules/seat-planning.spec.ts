// Planning binary seats for unseated distributors (src/modules/mlm/periods/seat.ts): each policy on
// a small tree worked out by hand, sponsors before their members, the root, and what is refused.
// The period-run suite checks the same against simulate() on a whole network.
import { planSeats, SeatingError, type UnseatedMember } from "../../src/modules/mlm/periods/seat"

const L = 0
const R = 1
// 1 is the house; 2, 3, 5 are its recruits, 4 is 2's; all in node order.
const members: UnseatedMember[] = [
  { node: 2, path: [1, 2] },
  { node: 3, path: [1, 3] },
  { node: 4, path: [1, 2, 4] },
  { node: 5, path: [1, 5] },
]
const root = [{ node: 1, parent: null, side: null }]

describe("planSeats", () => {
  it("bfs: level order inside the sponsor's subtree, left before right", () => {
    expect(planSeats(root, members, "bfs")).toEqual([
      { node: 2, parent: 1, side: L },
      { node: 3, parent: 1, side: R },
      { node: 4, parent: 2, side: L },
      { node: 5, parent: 2, side: R },
    ])
  })

  it("extreme_left and extreme_right: the end of the sponsor's outer spine", () => {
    expect(planSeats(root, members, "extreme_left")).toEqual([
      { node: 2, parent: 1, side: L },
      { node: 3, parent: 2, side: L },
      { node: 4, parent: 3, side: L },
      { node: 5, parent: 4, side: L },
    ])
    expect(planSeats(root, members, "extreme_right").map((seat) => [seat.node, seat.parent, seat.side])).toEqual([
      [2, 1, R],
      [3, 2, R],
      [4, 3, R],
      [5, 4, R],
    ])
  })

  it("weaker leg by count: the sponsor's leg with fewer members (ties left), then bfs or its extreme", () => {
    expect(planSeats(root, members, "weaker_leg_count_bfs")).toEqual([
      { node: 2, parent: 1, side: L },
      { node: 3, parent: 1, side: R },
      { node: 4, parent: 2, side: L },
      { node: 5, parent: 3, side: L },
    ])
    expect(planSeats(root, members, "weaker_leg_count_extreme")).toEqual([
      { node: 2, parent: 1, side: L },
      { node: 3, parent: 1, side: R },
      { node: 4, parent: 2, side: L },
      { node: 5, parent: 3, side: R },
    ])
  })

  it("counts the seats already there, and leaves them where they are", () => {
    const existing = [...root, { node: 9, parent: 1, side: L }, { node: 8, parent: 9, side: L }]
    expect(planSeats(existing, [{ node: 10, path: [1, 10] }], "weaker_leg_count_bfs")).toEqual([{ node: 10, parent: 1, side: R }])
    expect(planSeats(existing, [{ node: 10, path: [1, 10] }], "bfs")).toEqual([{ node: 10, parent: 1, side: R }])
  })

  it("seats a sponsor before its member even when the sponsor enrolled later (a sponsor move)", () => {
    expect(planSeats(root, [{ node: 6, path: [1, 7, 6] }, { node: 7, path: [1, 7] }], "bfs")).toEqual([
      { node: 7, parent: 1, side: L },
      { node: 6, parent: 7, side: L },
    ])
  })

  it("makes the house the root of an empty tree, and skips ancestors that are gone", () => {
    expect(planSeats([], [{ node: 1, path: [1] }, { node: 2, path: [1, 2] }], "bfs")).toEqual([
      { node: 1, parent: null, side: null },
      { node: 2, parent: 1, side: L },
    ])
    // 5 was erased: 6 is seated under 5's sponsor.
    expect(planSeats(root, [{ node: 6, path: [1, 5, 6] }], "bfs")).toEqual([{ node: 6, parent: 1, side: L }])
  })

  it("refuses a second root, a seat whose parent seat is missing and seats in a cycle", () => {
    expect(() => planSeats(root, [{ node: 2, path: [2] }], "bfs")).toThrow(new SeatingError("node 2 has no seated ancestor and the tree has a root (node 1)"))
    expect(() => planSeats([{ node: 3, parent: 2, side: L }], [], "bfs")).toThrow(new SeatingError("the seat of node 3: its parent seat (node 2) is missing"))
    expect(() => planSeats([{ node: 3, parent: 2, side: L }, { node: 2, parent: 3, side: L }], [], "bfs")).toThrow(/^the seats above node [23] form a cycle$/)
  })
})
