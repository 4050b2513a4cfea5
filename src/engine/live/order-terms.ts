/**
 * Per-order payout terms for ONE order in a live store, where the network lives in the database
 * and only the order owner's upline is loaded (spec "unilevel", "retail_profit", "fast_start").
 * The rules are the replay engine's (src/engine/unilevel.ts, retail-profit.ts, fast-start.ts);
 * test/engine/live/order-terms.spec.ts proves the two agree on random networks.
 *
 * Terms are fixed when the order is processed (payee, level, rate); a refund recomputes each on
 * the net CV and posts the difference (spec "Refunds"). Period components (binary, stair-step,
 * matching, pool, ranks) are computed by period runs; matrix and board are placement-driven and
 * are not paid per order here (docs/ledger.md says what is not wired yet).
 */
import { MS_PER_DAY } from "../time"
import { applyRateBp, mulDivRound, type Rounding } from "../money"
import { unlocksLevel } from "../unilevel"
import type { Plan } from "../types"

/** One member of the owner's upline, as the database sees it when the order is processed. */
export interface UplineMember {
  node: number
  /** Not terminated (and not the house, which is the company, never a payee). */
  canEarn: boolean
  /** canEarn, and PV in the current period ≥ plan.activity.min_pv (plan without activity: canEarn). */
  active: boolean
  rank: string | null
}

export interface LiveOrderFacts {
  cvMinor: number
  /** Set for an order by a customer (kind "customer"): retail and wholesale totals. */
  retailMinor: number | null
  wholesaleMinor: number | null
  atMs: number
  ownerKind: "distributor" | "customer"
  /** The owner's enrolled_at: fast start runs from it. */
  ownerEnrolledAtMs: number | null
}

export type PerOrderBonus = "unilevel" | "retail_profit" | "fast_start"

export interface OrderTerm {
  to: number
  bonus: PerOrderBonus
  /** 0 for bonuses that are not level-based. */
  level: number
  /** A rate on the order's CV... */
  rateBp: number | null
  /** ...or a fixed amount pro-rated by net CV (retail profit). */
  fullMinor: number | null
}

/**
 * `owner` is the distributor the order counts for (the buyer, or a customer's referrer);
 * `upline` is the owner's sponsors, nearest first (the house, if included, with canEarn false).
 */
export function orderTerms(plan: Plan, order: LiveOrderFacts, owner: UplineMember, upline: readonly UplineMember[]): OrderTerm[] {
  const terms: OrderTerm[] = []
  for (const component of plan.components) {
    if (component.type === "unilevel") {
      const depthMap = component.depth_by_rank ? new Map(Object.entries(component.depth_by_rank)) : undefined
      terms.push(...unilevelTerms(component.levels_bp, component.compression === "dynamic", depthMap, upline))
    } else if (component.type === "retail_profit") {
      if (order.ownerKind === "customer" && order.retailMinor !== null && order.wholesaleMinor !== null && owner.canEarn) {
        terms.push({ to: owner.node, bonus: "retail_profit", level: 0, rateBp: null, fullMinor: order.retailMinor - order.wholesaleMinor })
      }
    } else if (component.type === "fast_start") {
      const sponsor = upline[0]
      const enrolled = order.ownerEnrolledAtMs
      if (sponsor && sponsor.canEarn && enrolled !== null && order.atMs < enrolled + component.days * MS_PER_DAY) {
        terms.push({ to: sponsor.node, bonus: "fast_start", level: 0, rateBp: component.rate_bp, fullMinor: null })
      }
    }
  }
  return terms
}

function unilevelTerms(
  levelsBp: readonly number[],
  dynamic: boolean,
  depthMap: ReadonlyMap<string, number> | undefined,
  upline: readonly UplineMember[],
): OrderTerm[] {
  const terms: OrderTerm[] = []
  const payable = (member: UplineMember, level: number) => member.active && unlocksLevel(depthMap, member.rank ?? undefined, level)
  if (dynamic) {
    // Level L goes to the nearest member above the previous payee that may be paid at L; a
    // skipped member does not use up the level.
    let at = 0
    for (let level = 1; level <= levelsBp.length; level++) {
      while (at < upline.length && !payable(upline[at], level)) at++
      if (at >= upline.length) break
      terms.push({ to: upline[at].node, bonus: "unilevel", level, rateBp: levelsBp[level - 1], fullMinor: null })
      at++
    }
    return terms
  }
  // "none": the L-th sponsor holds level L, paid or not.
  for (let level = 1; level <= levelsBp.length && level <= upline.length; level++) {
    const member = upline[level - 1]
    if (payable(member, level)) terms.push({ to: member.node, bonus: "unilevel", level, rateBp: levelsBp[level - 1], fullMinor: null })
  }
  return terms
}

/** What a term is worth on `netCvMinor` (once-per-line rounding, exact on integers). */
export function termCents(term: OrderTerm, cvMinor: number, netCvMinor: number, rounding: Rounding): number {
  if (term.rateBp !== null) return applyRateBp(netCvMinor, term.rateBp, rounding)
  const full = term.fullMinor ?? 0
  return netCvMinor === cvMinor ? full : mulDivRound(full, netCvMinor, cvMinor, rounding)
}

/**
 * The lines an order's CV going from `netBefore` to `netAfter` posts: per term, the difference
 * between what it is worth now and what it was worth. Zero differences post nothing.
 */
export function adjustmentCents(
  terms: readonly OrderTerm[],
  cvMinor: number,
  netBefore: number,
  netAfter: number,
  rounding: Rounding,
): { term: OrderTerm; cents: number }[] {
  const out: { term: OrderTerm; cents: number }[] = []
  for (const term of terms) {
    const cents = termCents(term, cvMinor, netAfter, rounding) - termCents(term, cvMinor, netBefore, rounding)
    if (cents !== 0) out.push({ term, cents })
  }
  return out
}
