/**
 * Unilevel (spec "unilevel"): per order, on the sponsor tree, level 1 = the owner's sponsor
 * (the buyer never earns on its own order). With "dynamic" compression a member who is not
 * active, or whose rank does not unlock the level, is skipped without using up the level;
 * with "none" the level is used up unpaid. A member without a rank, or with a rank missing
 * from depth_by_rank, unlocks every level (spec "Ranks").
 */
import type { ComponentOf } from "./types"
import { NONE } from "./replay/network"
import { rateTerm, type PayoutTerm } from "./replay/orders"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

export function unlocksLevel(depthByRank: ReadonlyMap<string, number> | undefined, rank: string | undefined, level: number): boolean {
  if (depthByRank === undefined || rank === undefined) return true
  const depth = depthByRank.get(rank)
  return depth === undefined || level <= depth
}

export function unilevel(component: ComponentOf<"unilevel">, ctx: ReplayContext): ComponentRuntime {
  const { network } = ctx
  const levels = component.levels_bp
  const dynamic = component.compression === "dynamic"
  // A Map, so a rank named like an Object.prototype key cannot read an inherited value.
  const depthMap = component.depth_by_rank ? new Map(Object.entries(component.depth_by_rank)) : undefined

  return {
    orderTerms(order) {
      const terms: PayoutTerm[] = []
      let level = 1
      for (let upline = network.sponsor[order.owner]; upline !== NONE && level <= levels.length; upline = network.sponsor[upline]) {
        const qualifies = network.isActive(upline) && unlocksLevel(depthMap, network.rank[upline], level)
        if (qualifies) terms.push(rateTerm(upline, "unilevel", level, levels[level - 1]))
        if (qualifies || !dynamic) level++
      }
      return terms
    },
  }
}
