/**
 * Forced matrix (spec "matrix"): its own placement tree of `width`; a member joins under its
 * sponsor while a frontline slot is free, otherwise in the first free slot of the sponsor's
 * subtree in level order (slots 1..width filled in order). Per order, levels_bp pays the
 * placement uplines of the owner, with compression as in unilevel. A member whose
 * width + width² + … + width^depth positions below it are all filled earns the completion
 * bonus once; the line's source is the member whose placement filled the last position.
 */
import type { ComponentOf, SimulationResult } from "./types"
import { EngineValidationError, formatPath } from "./errors"
import { NONE } from "./replay/network"
import { rateTerm, type PayoutTerm } from "./replay/orders"
import { PlacementTree } from "./replay/placement-tree"
import type { ComponentRuntime, JoinInfo, ReplayContext } from "./replay/runtime"

export function matrix(component: ComponentOf<"matrix">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger } = ctx
  const { width, depth } = component
  const tree = new PlacementTree(width)
  const dynamic = component.compression === "dynamic"
  const policyPlaced: number[] = []
  const filledBelow: number[] = []
  let positionsBelow = 0
  for (let level = 1, row = width; level <= depth; level++, row *= width) positionsBelow += row

  const placeExplicitly = ({ member, placement, path }: JoinInfo) => {
    const parent = network.index(placement!.parent)
    const slot = placement!.slot! - 1
    const occupant = tree.child(parent, slot)
    if (occupant !== NONE) {
      throw new EngineValidationError([
        {
          path: formatPath([...path, "placement", "slot"]),
          message: `slot ${slot + 1} of "${network.ids[parent]}" is already taken by "${network.ids[occupant]}"`,
        },
      ])
    }
    tree.place(member, parent, slot)
  }

  /** Counts the new position for up to `depth` uplines and pays any completion it causes. */
  const countPosition = (member: number) => {
    let up = tree.parent[member]
    for (let level = 1; level <= depth && up !== NONE; level++, up = tree.parent[up]) {
      filledBelow[up] = (filledBelow[up] ?? 0) + 1
      if (filledBelow[up] === positionsBelow && network.canEarn(up) && component.completion_bonus_cents !== undefined) {
        ledger.post(up, "matrix_completion", undefined, network.ids[member], component.completion_bonus_cents)
      }
    }
  }

  return {
    onJoin(join) {
      const { member, placement } = join
      tree.ensure(member)
      const sponsor = network.sponsor[member]
      if (placement) {
        placeExplicitly(join)
      } else if (sponsor !== NONE) {
        const position = tree.firstFreeInSubtree(sponsor)
        tree.place(member, position.parent, position.slot)
        policyPlaced.push(member)
      } else {
        tree.placeRoot(member)
      }
      countPosition(member)
    },

    orderTerms(order) {
      const terms: PayoutTerm[] = []
      const levels = component.levels_bp
      let level = 1
      for (let up = tree.parent[order.owner]; up !== NONE && level <= levels.length; up = tree.parent[up]) {
        const active = network.isActive(up)
        if (active) terms.push(rateTerm(up, "matrix", level, levels[level - 1]))
        if (active || !dynamic) level++
      }
      return terms
    },

    report(result: SimulationResult) {
      const placements = (result.placements ??= {})
      for (const member of policyPlaced) {
        placements[network.ids[member]] = { parent: network.ids[tree.parent[member]], slot: tree.slot[member] + 1 }
      }
    },
  }
}
