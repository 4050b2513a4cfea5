/**
 * The order a period run hands members to `computePeriodBatch`: every sponsor and every binary
 * placement parent before its members (each sweep of the batch relies on it), and otherwise join
 * order, which is node_id order (node_id is a sequence) and which pools use to break ties.
 *
 * node_id order already is such an order until an admin moves a subtree under a newer sponsor;
 * then the few members whose sponsor (or placement parent) comes later are fixed by a depth-first
 * pass that emits a member's unemitted sponsor and placement parent just before it. Linear, no
 * recursion. Sponsor links and placement links together can form a cycle (B placed under A, then
 * A moved under B): no order exists then, and the run fails naming a member of the cycle.
 *
 * Members who do not belong to the period (enrolled after it ended, no order in it) are left out:
 * they were not in the network when it closed. One that a member of the period has as sponsor or
 * placement parent stays, so volume still flows to the top.
 */
export interface MemberRows {
  nodeId: Int32Array
  /** Sponsor's node_id, 0 for the root. */
  sponsorNode: Int32Array
  /** Binary placement parent's node_id, 0 for none. */
  placementParentNode: Int32Array
  /** 1 when the member belongs to the period: enrolled before its end, or owner of one of its orders. */
  inPeriod: Uint8Array
}

export interface MemberOrder {
  /** Row (index into MemberRows) of each member, in batch order. */
  rowAt: Int32Array
  /** Batch index of a node_id, -1 when the node is not a member of the run. */
  indexOfNode: Int32Array
  sponsorIdx: Int32Array
  placementParentIdx: Int32Array
  /** Join position of each member; null when batch order is node_id order. */
  joinOrder: Int32Array | null
  /** Members kept although they enrolled after the period (a member's sponsor or parent). */
  lateAncestors: number
}

export class MemberOrderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "MemberOrderError"
  }
}

export function orderMembers(rows: MemberRows): MemberOrder {
  const count = rows.nodeId.length
  let maxNode = 0
  for (let r = 0; r < count; r++) if (rows.nodeId[r] > maxNode) maxNode = rows.nodeId[r]
  const rowOfNode = new Int32Array(maxNode + 1).fill(-1)
  for (let r = 0; r < count; r++) rowOfNode[rows.nodeId[r]] = r
  const sponsorRow = new Int32Array(count)
  const parentRow = new Int32Array(count)
  for (let r = 0; r < count; r++) {
    const sponsor = rows.sponsorNode[r]
    const parent = rows.placementParentNode[r]
    sponsorRow[r] = sponsor > 0 && sponsor <= maxNode ? rowOfNode[sponsor] : -1
    parentRow[r] = parent > 0 && parent <= maxNode ? rowOfNode[parent] : -1
  }

  const { kept, lateAncestors } = keepWithAncestors(rows.inPeriod, sponsorRow, parentRow)
  const rowAt = new Int32Array(count)
  let size = 0
  let inNodeOrder = true
  const emitted = new Uint8Array(count)
  const onPath = new Uint8Array(count)
  const stack = new Int32Array(3 * count + 1)
  for (let node = 1; node <= maxNode; node++) {
    const start = rowOfNode[node]
    if (start === -1 || kept[start] === 0 || emitted[start] === 1) continue
    const sponsor = sponsorRow[start]
    const parent = parentRow[start]
    if ((sponsor === -1 || emitted[sponsor] === 1) && (parent === -1 || emitted[parent] === 1)) {
      emitted[start] = 1
      rowAt[size++] = start
      continue
    }
    inNodeOrder = false
    let top = 0
    stack[top++] = start
    while (top > 0) {
      const r = stack[top - 1]
      if (emitted[r] === 1) {
        top--
        continue
      }
      if (onPath[r] === 1) {
        top--
        onPath[r] = 0
        emitted[r] = 1
        rowAt[size++] = r
        continue
      }
      onPath[r] = 1
      for (let link = 0; link < 2; link++) {
        const up = link === 0 ? sponsorRow[r] : parentRow[r]
        if (up === -1 || emitted[up] === 1) continue
        if (onPath[up] === 1) {
          throw new MemberOrderError(
            `node ${rows.nodeId[up]}: its sponsor and binary placement links form a cycle (fix the sponsor or the placement)`
          )
        }
        stack[top++] = up
      }
    }
  }

  const order = rowAt.slice(0, size)
  const indexOfNode = new Int32Array(maxNode + 1).fill(-1)
  for (let i = 0; i < size; i++) indexOfNode[rows.nodeId[order[i]]] = i
  const sponsorIdx = new Int32Array(size)
  const placementParentIdx = new Int32Array(size)
  for (let i = 0; i < size; i++) {
    const r = order[i]
    sponsorIdx[i] = sponsorRow[r] === -1 ? -1 : indexOfNode[rows.nodeId[sponsorRow[r]]]
    placementParentIdx[i] = parentRow[r] === -1 ? -1 : indexOfNode[rows.nodeId[parentRow[r]]]
  }
  return { rowAt: order, indexOfNode, sponsorIdx, placementParentIdx, joinOrder: inNodeOrder ? null : joinPositions(indexOfNode, size), lateAncestors }
}

/** Members of the period plus every sponsor and placement parent above them. */
function keepWithAncestors(inPeriod: Uint8Array, sponsorRow: Int32Array, parentRow: Int32Array) {
  const count = inPeriod.length
  const kept = new Uint8Array(inPeriod)
  const stack = new Int32Array(2 * count + 1)
  let top = 0
  let lateAncestors = 0
  for (let r = 0; r < count; r++) {
    if (inPeriod[r] === 0) continue
    if (sponsorRow[r] !== -1) stack[top++] = sponsorRow[r]
    if (parentRow[r] !== -1) stack[top++] = parentRow[r]
    while (top > 0) {
      const up = stack[--top]
      if (kept[up] === 1) continue
      kept[up] = 1
      lateAncestors++
      if (sponsorRow[up] !== -1) stack[top++] = sponsorRow[up]
      if (parentRow[up] !== -1) stack[top++] = parentRow[up]
    }
  }
  return { kept, lateAncestors }
}

/** Rank of each member's node_id among the members: its join position (a counting pass). */
function joinPositions(indexOfNode: Int32Array, size: number): Int32Array {
  const joinOrder = new Int32Array(size)
  let position = 0
  for (let node = 0; node < indexOfNode.length; node++) {
    if (indexOfNode[node] !== -1) joinOrder[indexOfNode[node]] = position++
  }
  return joinOrder
}
