/**
 * Binary placement policies (spec "binary" placement) for members who join without an
 * explicit placement: extreme left/right from the sponsor, breadth-first inside the sponsor's
 * subtree (left before right), or into the sponsor's weaker leg (by member count, or by leg
 * volume including carry, which in pairs mode means units; ties go left), breadth-first inside
 * it or at its outer extreme.
 */
import type { ComponentOf } from "./types"
import { LEFT, RIGHT } from "./binary-legs"
import { NONE } from "./replay/network"
import type { PlacementTree } from "./replay/placement-tree"

export type BinaryPolicy = ComponentOf<"binary">["placement"]

/** Size of each leg below a member, read by the policy (counts or volumes). */
export type LegMeasure = (member: number, side: number) => number

export function placeByPolicy(
  tree: PlacementTree,
  policy: BinaryPolicy,
  sponsor: number,
  legMeasure: LegMeasure
): { parent: number; slot: number } {
  switch (policy) {
    case "extreme_left":
      return { parent: tree.spineEndFrom(sponsor, LEFT), slot: LEFT }
    case "extreme_right":
      return { parent: tree.spineEndFrom(sponsor, RIGHT), slot: RIGHT }
    case "bfs":
      return tree.firstFreeInSubtree(sponsor)
    case "weaker_leg_count_bfs":
    case "weaker_leg_volume_bfs": {
      const side = weakerSide(sponsor, legMeasure)
      const legRoot = tree.child(sponsor, side)
      return legRoot === NONE ? { parent: sponsor, slot: side } : tree.firstFreeInSubtree(legRoot)
    }
    case "weaker_leg_count_extreme": {
      const side = weakerSide(sponsor, legMeasure)
      return { parent: tree.spineEndFrom(sponsor, side), slot: side }
    }
  }
}

function weakerSide(sponsor: number, legMeasure: LegMeasure): number {
  return legMeasure(sponsor, RIGHT) < legMeasure(sponsor, LEFT) ? RIGHT : LEFT
}
