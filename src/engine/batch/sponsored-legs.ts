/**
 * Binary qualification `sponsored_each_leg` for a whole network: does a member have at least one
 * active personally sponsored member inside each of its two placement legs?
 *
 * Linear: subtree sizes in one reverse sweep, pre-order numbers in one forward sweep (parents
 * come before children in the arrays), then "c lies in the left leg of s" is an interval test on
 * pre-order numbers. A sponsored member placed outside its sponsor's subtree counts in neither leg.
 */
import { LEFT, NO_PARENT, type BatchNetwork } from "./network"

export function sponsoredInEachLeg(network: BatchNetwork, isActive: (member: number) => boolean): Uint8Array {
  const { size, placementParentIdx, placementSide, sponsorIdx } = network
  // Imported bindings are read once: some CommonJS loaders (tsx) turn each read into a getter call.
  const noParent = NO_PARENT
  const left = LEFT
  const subtreeSize = new Int32Array(size).fill(1)
  const leftLegSize = new Int32Array(size)
  for (let v = size - 1; v > 0; v--) {
    const parent = placementParentIdx[v]
    if (parent === noParent) continue
    if (placementSide[v] === left) leftLegSize[parent] += subtreeSize[v]
    subtreeSize[parent] += subtreeSize[v]
  }
  // Pre-order: a node, then its left leg, then its right leg; roots one after another.
  const preorder = new Int32Array(size)
  let nextRootStart = 0
  for (let v = 0; v < size; v++) {
    const parent = placementParentIdx[v]
    if (parent === noParent) {
      preorder[v] = nextRootStart
      nextRootStart += subtreeSize[v]
    } else {
      preorder[v] = preorder[parent] + 1 + (placementSide[v] === left ? 0 : leftLegSize[parent])
    }
  }
  const LEFT_FOUND = 1
  const RIGHT_FOUND = 2
  const found = new Uint8Array(size)
  for (let member = 0; member < size; member++) {
    const sponsor = sponsorIdx[member]
    if (sponsor === noParent || !isActive(member)) continue
    const offset = preorder[member] - preorder[sponsor]
    if (offset >= 1 && offset <= leftLegSize[sponsor]) found[sponsor] |= LEFT_FOUND
    else if (offset > leftLegSize[sponsor] && offset < subtreeSize[sponsor]) found[sponsor] |= RIGHT_FOUND
  }
  for (let v = 0; v < size; v++) found[v] = found[v] === (LEFT_FOUND | RIGHT_FOUND) ? 1 : 0
  return found
}
