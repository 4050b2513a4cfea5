/**
 * Binary qualification "sponsored_each_leg" (spec "binary"): a member qualifies when it has
 * personally sponsored at least one active member in each of its two legs, with activity read
 * at close_period. One iterative Euler tour of the placement tree answers "is X inside the
 * subtree of Y" in O(1), so the check is O(n) per period on any tree shape.
 */
import { LEFT, RIGHT } from "./binary-legs"
import { NONE, type Network } from "./replay/network"
import type { PlacementTree } from "./replay/placement-tree"

export function sponsoredInEachLeg(tree: PlacementTree, network: Network): boolean[] {
  const size = network.size
  const enter = new Array<number>(size).fill(-1)
  const exit = new Array<number>(size).fill(-1)
  let clock = 0
  const stack: number[] = []
  for (let root = 0; root < size; root++) {
    if (!tree.isPlaced(root) || tree.parent[root] !== NONE) continue
    stack.push(root)
    while (stack.length > 0) {
      const node = stack[stack.length - 1]
      if (enter[node] === -1) {
        enter[node] = clock++
        for (let s = tree.width - 1; s >= 0; s--) {
          const child = tree.child(node, s)
          if (child !== NONE) stack.push(child)
        }
      } else {
        stack.pop()
        exit[node] = clock
      }
    }
  }

  const inSubtree = (node: number, root: number) => root !== NONE && enter[root] <= enter[node] && enter[node] < exit[root]
  const hasLeft = new Array<boolean>(size).fill(false)
  const hasRight = new Array<boolean>(size).fill(false)
  for (let member = 0; member < size; member++) {
    const sponsor = network.sponsor[member]
    if (sponsor === NONE || !tree.isPlaced(member) || !network.isActive(member)) continue
    if (inSubtree(member, tree.child(sponsor, LEFT))) hasLeft[sponsor] = true
    else if (inSubtree(member, tree.child(sponsor, RIGHT))) hasRight[sponsor] = true
  }
  return hasLeft.map((left, member) => left && hasRight[member])
}
