/**
 * Unilevel (spec "unilevel"): per order, on the sponsor tree, level 1 = the owner's sponsor
 * (the buyer never earns on its own order). With "dynamic" compression a member who is not
 * active, or whose rank does not unlock the level, is skipped without using up the level;
 * with "none" the level is used up unpaid. A member without a rank, or with a rank missing
 * from depth_by_rank, unlocks every level (spec "Ranks"). Dynamic compression finds each
 * level's payee with `EligibleUpline`, never by walking over the members it skips.
 */
import type { ComponentOf } from "./types"
import { NONE } from "./replay/network"
import { rateTerm, type PayoutTerm } from "./replay/orders"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"
import { EligibleUpline } from "./unilevel-upline"

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

  const upline = dynamic ? new EligibleUpline(ctx.roster, network, depthMap) : undefined

  if (upline) {
    return {
      onJoin({ member }) {
        upline.refresh(member)
      },
      orderTerms(order) {
        // Level L goes to the nearest member above the previous payee that may be paid at L.
        const terms: PayoutTerm[] = []
        let payee = network.sponsor[order.owner]
        for (let level = 1; level <= levels.length && payee !== NONE; level++) {
          payee = upline.nearest(payee, level)
          if (payee === NONE) break
          terms.push(rateTerm(payee, "unilevel", level, levels[level - 1]))
          payee = network.sponsor[payee]
        }
        return terms
      },
    }
  }

  // "none": exactly levels_bp.length sponsors, each level used up whether paid or not.
  return {
    orderTerms(order) {
      const terms: PayoutTerm[] = []
      let level = 1
      for (let sponsor = network.sponsor[order.owner]; sponsor !== NONE && level <= levels.length; sponsor = network.sponsor[sponsor], level++) {
        if (network.isActive(sponsor) && unlocksLevel(depthMap, network.rank[sponsor], level)) {
          terms.push(rateTerm(sponsor, "unilevel", level, levels[level - 1]))
        }
      }
      return terms
    },
  }
}
