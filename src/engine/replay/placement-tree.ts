/**
 * A placement tree of fixed width (binary: 2, matrix: width), stored as flat arrays indexed by
 * member index, children[m * width + slot]. Positions never change once taken.
 *
 * Two searches are needed by the placement policies and both are amortised so that a large
 * network never rescans a subtree per join:
 * - first free slot in level order inside a subtree: each subtree root that ever spills keeps a
 *   lazy breadth-first cursor; a node that is full stays full, so the cursor only moves forward;
 * - outer extreme of a side: the spine end is cached per node with path compression.
 */
import { NONE } from "./network"

interface BfsCursor {
  queue: number[]
  head: number
}

export class PlacementTree {
  readonly parent: number[] = []
  /** 0-based slot under the parent (binary: 0 = left, 1 = right). */
  readonly slot: number[] = []
  readonly depth: number[] = []
  private readonly children: number[] = []
  private readonly childCount: number[] = []
  private readonly placed: boolean[] = []
  private readonly cursors = new Map<number, BfsCursor>()
  private readonly spineEnd: number[][]

  constructor(readonly width: number) {
    this.spineEnd = Array.from({ length: width }, () => [])
  }

  /** Makes room for member indices up to `member` (customers get rows too, never filled). */
  ensure(member: number): void {
    while (this.parent.length <= member) {
      this.parent.push(NONE)
      this.slot.push(NONE)
      this.depth.push(0)
      this.childCount.push(0)
      this.placed.push(false)
      for (let s = 0; s < this.width; s++) this.children.push(NONE)
    }
  }

  isPlaced(member: number): boolean {
    return this.placed[member] === true
  }

  child(member: number, slot: number): number {
    return this.children[member * this.width + slot]
  }

  isFull(member: number): boolean {
    return this.childCount[member] === this.width
  }

  placeRoot(member: number): void {
    this.ensure(member)
    this.placed[member] = true
  }

  place(member: number, parent: number, slot: number): void {
    this.ensure(member)
    this.children[parent * this.width + slot] = member
    this.childCount[parent]++
    this.parent[member] = parent
    this.slot[member] = slot
    this.depth[member] = this.depth[parent] + 1
    this.placed[member] = true
  }

  /** First free slot in level order (slots in order) inside the subtree of `root`. */
  firstFreeInSubtree(root: number): { parent: number; slot: number } {
    let cursor = this.cursors.get(root)
    if (!cursor) {
      cursor = { queue: [root], head: 0 }
      this.cursors.set(root, cursor)
    }
    for (;;) {
      const node = cursor.queue[cursor.head]
      if (!this.isFull(node)) {
        for (let s = 0; s < this.width; s++) if (this.child(node, s) === NONE) return { parent: node, slot: s }
      }
      cursor.head++
      for (let s = 0; s < this.width; s++) cursor.queue.push(this.child(node, s))
      if (cursor.head > 1024 && cursor.head * 2 > cursor.queue.length) {
        cursor.queue = cursor.queue.slice(cursor.head)
        cursor.head = 0
      }
    }
  }

  /** The last node on the chain of `slot` children starting at `from` (its `slot` is free). */
  spineEndFrom(from: number, slot: number): number {
    const cache = this.spineEnd[slot]
    let node = from
    const visited: number[] = []
    for (;;) {
      const cached = cache[node]
      if (cached !== undefined && cached !== node) {
        visited.push(node)
        node = cached
        continue
      }
      const next = this.child(node, slot)
      if (next === NONE) break
      visited.push(node)
      node = next
    }
    for (const v of visited) cache[v] = node
    return node
  }
}
