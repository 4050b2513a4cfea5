// The member order a period run hands the batch engine (member-order.ts), on hand-made rows: no
// database needed, exact indexes asserted.
import { MemberOrderError, orderMembers, type MemberRows } from "../../src/modules/mlm/periods/member-order"

function rows(members: [node: number, sponsor: number, parent: number, inPeriod?: 0 | 1][]): MemberRows {
  return {
    nodeId: Int32Array.from(members, (m) => m[0]),
    sponsorNode: Int32Array.from(members, (m) => m[1]),
    placementParentNode: Int32Array.from(members, (m) => m[2]),
    inPeriod: Uint8Array.from(members, (m) => m[3] ?? 1),
  }
}

const nodesInOrder = (r: MemberRows, rowAt: Int32Array) => Array.from(rowAt, (row) => r.nodeId[row])

describe("period run member order", () => {
  it("keeps node_id (join) order when every sponsor and placement parent joined earlier, whatever the row order", () => {
    const r = rows([
      [3, 1, 2],
      [1, 0, 0],
      [2, 1, 1],
      [4, 2, 2],
    ])
    const order = orderMembers(r)
    expect(nodesInOrder(r, order.rowAt)).toEqual([1, 2, 3, 4])
    expect(Array.from(order.sponsorIdx)).toEqual([-1, 0, 0, 1])
    expect(Array.from(order.placementParentIdx)).toEqual([-1, 0, 1, 1])
    expect(order.joinOrder).toBeNull()
    expect(order.lateAncestors).toBe(0)
  })

  it("puts a sponsor moved in after its member first, with its own uplines, and keeps join positions for pool ties", () => {
    // 2 was moved under 5, and 5 is sponsored by 4: both must come before 2 (and 2's child 3).
    const r = rows([
      [1, 0, 0],
      [2, 5, 1],
      [3, 2, 1],
      [4, 1, 1],
      [5, 4, 4],
    ])
    const order = orderMembers(r)
    expect(nodesInOrder(r, order.rowAt)).toEqual([1, 4, 5, 2, 3])
    expect(Array.from(order.sponsorIdx)).toEqual([-1, 0, 1, 2, 3])
    expect(Array.from(order.placementParentIdx)).toEqual([-1, 0, 1, 0, 0])
    // Node order is still join order: 1, 2, 3, 4, 5.
    expect(Array.from(order.joinOrder!)).toEqual([0, 3, 4, 1, 2])
  })

  it("names a member of a sponsor/placement cycle instead of computing", () => {
    // 3 sits under 2 in the binary tree, and 2 was moved under 3.
    const r = rows([
      [1, 0, 0],
      [2, 3, 1],
      [3, 1, 2],
    ])
    expect(() => orderMembers(r)).toThrow(MemberOrderError)
    expect(() => orderMembers(r)).toThrow(/^node (2|3): its sponsor and binary placement links form a cycle/)
  })

  it("leaves out members who joined after the period, except a sponsor or placement parent of a member", () => {
    const r = rows([
      [1, 0, 0, 1],
      [2, 1, 1, 1],
      [3, 1, 2, 0], // joined later, no one below it in the period
      [4, 1, 2, 0], // joined later, but 5's sponsor
      [5, 4, 2, 1],
    ])
    const order = orderMembers(r)
    expect(nodesInOrder(r, order.rowAt)).toEqual([1, 2, 4, 5])
    expect(order.lateAncestors).toBe(1)
    expect(order.indexOfNode[3]).toBe(-1)
    expect(Array.from(order.sponsorIdx)).toEqual([-1, 0, 0, 2])
  })
})
