/**
 * Binary (spec "binary" and "Precise rules / Binary"). Members are placed on a width-2 tree on
 * join; in volume mode every order's CV goes to the buyer's side of each placement ancestor,
 * in pairs mode every joiner adds one unit the same way. Both are added lazily: they wait on
 * the order's owner (the joiner) and one bottom-up sweep hands them to every ancestor's leg
 * when the legs are read (close_period, the report), so an order or join costs O(1) and a
 * period O(n) on any depth. They go to each ancestor at once instead (O(depth) each) while a
 * "clawback_restore" refund is still to come (the legs must trace each order's volume), under
 * "weaker_leg_volume_bfs" (a join reads its sponsor's legs) and, in pairs mode, under the
 * count-based policies (which count every ancestor's members on each join anyway). At close_period each
 * member is paired once, in one O(n) pass:
 * - volume: matched = min(left, right), paid at rate_bp, capped at cap_cents per period;
 * - pairs: one unit per side per pair (the first pair 2:1 when configured), pair_cents each,
 *   at most max_pairs per period;
 * over the cap, "flush" consumes unpaid and "carry" consumes only what the cap pays for.
 * Terminated members and unqualified members under "accumulate" are not paired.
 */
import type { ComponentOf, Side, SimulationResult } from "./types"
import { EngineValidationError, formatPath } from "./errors"
import { applyRateBp, mulDivFloor } from "./money"
import { LEFT, RIGHT, VolumeLegs, type Chunk } from "./binary-legs"
import { placeByPolicy, type LegMeasure } from "./binary-placement"
import { sponsoredInEachLeg } from "./binary-qualification"
import { NONE } from "./replay/network"
import { PlacementTree } from "./replay/placement-tree"
import type { ComponentRuntime, JoinInfo, ReplayContext } from "./replay/runtime"

const SIDE_NAMES: readonly Side[] = ["left", "right"]

export function binary(component: ComponentOf<"binary">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger, rounding } = ctx
  const tree = new PlacementTree(2)
  const pairsMode = component.mode === "pairs"
  const rateBp = component.rate_bp ?? 0
  const clawbackRestore = component.refund === "clawback_restore"
  const legs = new VolumeLegs(clawbackRestore && ctx.refunds.count > 0)
  let refundsReplayed = 0
  const countsMembers = component.placement === "weaker_leg_count_bfs" || component.placement === "weaker_leg_count_extreme"
  const memberCounts: number[] = []
  const units: number[] = []
  const firstPairDone: boolean[] = []
  const policyPlaced: number[] = []
  const orderChunks = new Map<number, Chunk[]>()
  // pending[m]: volume (pairs mode: units) still to be added to the leg, on m's side, of every
  // ancestor of m. Only a join under weaker_leg_volume_bfs reads legs before close_period, and
  // count-based policies walk the ancestors on every join anyway.
  const lazyLegs = component.placement !== "weaker_leg_volume_bfs" && !(pairsMode && countsMembers)
  const pending: number[] = []
  let anyPending = false

  const legMeasure: LegMeasure = countsMembers
    ? (member, side) => memberCounts[member * 2 + side]
    : pairsMode
      ? (member, side) => units[member * 2 + side]
      : (member, side) => legs.total(member, side)

  const ensure = (member: number) => {
    tree.ensure(member)
    legs.ensure(member)
    while (units.length < (member + 1) * 2) {
      units.push(0)
      memberCounts.push(0)
    }
    while (pending.length <= member) pending.push(0)
  }

  /** Hands everything pending up the tree: a parent joined before its children, so one downward loop. */
  const settleLegs = () => {
    if (!anyPending) return
    anyPending = false
    for (let member = pending.length - 1; member >= 0; member--) {
      const amount = pending[member]
      if (amount === 0) continue
      pending[member] = 0
      const up = tree.parent[member]
      if (up === NONE) continue
      if (pairsMode) units[up * 2 + tree.slot[member]] += amount
      else legs.addUntraced(up, tree.slot[member], amount)
      pending[up] += amount
    }
  }

  const placeExplicitly = ({ member, placement, path }: JoinInfo) => {
    const parent = network.index(placement!.parent)
    const slot = placement!.side === "right" ? RIGHT : LEFT
    const occupant = tree.child(parent, slot)
    if (occupant !== NONE) {
      throw new EngineValidationError([
        {
          path: formatPath([...path, "placement", "side"]),
          message: `the ${SIDE_NAMES[slot]} slot of "${network.ids[parent]}" is already taken by "${network.ids[occupant]}"`,
        },
      ])
    }
    tree.place(member, parent, slot)
  }

  return {
    onJoin(join) {
      const { member, placement } = join
      ensure(member)
      const sponsor = network.sponsor[member]
      if (placement) {
        placeExplicitly(join)
      } else if (sponsor !== NONE) {
        const position = placeByPolicy(tree, component.placement, sponsor, legMeasure)
        tree.place(member, position.parent, position.slot)
        policyPlaced.push(member)
      } else {
        tree.placeRoot(member)
      }
      if (!countsMembers && !pairsMode) return
      if (pairsMode && lazyLegs) {
        pending[member] += 1
        anyPending = true
        return
      }
      for (let child = member, up = tree.parent[member]; up !== NONE; child = up, up = tree.parent[up]) {
        memberCounts[up * 2 + tree.slot[child]]++
        units[up * 2 + tree.slot[child]]++
      }
    },

    onOrder(order) {
      if (pairsMode) return
      if (lazyLegs && !legs.isTracing) {
        pending[order.owner] += order.cv
        anyPending = true
        return
      }
      const tracked = legs.isTracing && ctx.refunds.orderIds.has(order.id)
      const chunks: Chunk[] = []
      for (let child = order.owner, up = tree.parent[child]; up !== NONE; child = up, up = tree.parent[up]) {
        const chunk = legs.add(up, tree.slot[child], order.seq, order.cv, tracked)
        if (chunk) chunks.push(chunk)
      }
      if (tracked) orderChunks.set(order.seq, chunks)
    },

    onRefund(order, refundCv, refundId) {
      if (pairsMode) return
      if (lazyLegs && !clawbackRestore) {
        // negative_carry: the refunded volume leaves every ancestor's leg at the next settle.
        pending[order.owner] -= refundCv
        anyPending = true
        return
      }
      const chunks = orderChunks.get(order.seq)
      let k = 0
      for (let child = order.owner, up = tree.parent[child]; up !== NONE; child = up, up = tree.parent[up], k++) {
        const side = tree.slot[child]
        if (!clawbackRestore) {
          legs.subtract(up, side, refundCv)
          continue
        }
        const paidVolume = legs.refundTraced(up, side, chunks![k], refundCv)
        if (paidVolume > 0) ledger.post(up, "binary", undefined, refundId, -applyRateBp(paidVolume, rateBp, rounding))
      }
      if (++refundsReplayed === ctx.refunds.count) {
        legs.stopTracing()
        orderChunks.clear()
      }
    },

    onClosePeriod(periodId) {
      settleLegs()
      const qualified = component.qualification === "sponsored_each_leg" ? sponsoredInEachLeg(tree, network) : undefined
      for (let member = 0; member < network.size; member++) {
        if (!tree.isPlaced(member) || !network.canEarn(member)) continue
        const isQualified = qualified === undefined || qualified[member]
        if (!isQualified && component.unqualified === "accumulate") continue
        const cents = pairsMode ? pairMember(member, isQualified) : matchVolume(member, isQualified)
        ledger.post(member, "binary", undefined, periodId, cents)
      }
    },

    report(result: SimulationResult) {
      settleLegs()
      const placements = (result.placements ??= {})
      for (const member of policyPlaced) {
        placements[network.ids[member]] = { parent: network.ids[tree.parent[member]], side: SIDE_NAMES[tree.slot[member]] }
      }
      const carry: NonNullable<SimulationResult["carry"]> = {}
      for (let member = 0; member < network.size; member++) {
        if (!tree.isPlaced(member)) continue
        const left = pairsMode ? units[member * 2 + LEFT] : legs.total(member, LEFT)
        const right = pairsMode ? units[member * 2 + RIGHT] : legs.total(member, RIGHT)
        if (left !== 0 || right !== 0) carry[network.ids[member]] = { left, right }
      }
      result.carry = carry
    },
  }

  /** Volume mode: pays rate_bp on the matched volume, within cap_cents. Returns cents paid. */
  function matchVolume(member: number, isQualified: boolean): number {
    const matched = Math.min(legs.total(member, LEFT), legs.total(member, RIGHT))
    if (matched <= 0) return 0
    if (!isQualified) {
      legs.consume(member, matched, 0)
      return 0
    }
    const cap = component.cap_cents
    // The volume the cap pays for: floor(cap × 10000 / rate) (spec "Binary").
    const capVolume = cap === undefined || rateBp === 0 ? Infinity : mulDivFloor(cap, 10000, rateBp)
    if (matched <= capVolume) {
      legs.consume(member, matched, matched)
      return applyRateBp(matched, rateBp, rounding)
    }
    legs.consume(member, component.over_cap === "flush" ? matched : capVolume, capVolume)
    return cap!
  }

  /** Pairs mode: forms pairs from units, the first one 2:1 if configured. Returns cents paid. */
  function pairMember(member: number, isQualified: boolean): number {
    let left = units[member * 2 + LEFT]
    let right = units[member * 2 + RIGHT]
    const limit = component.over_cap === "carry" && isQualified ? (component.max_pairs ?? Infinity) : Infinity
    let pairs = 0
    if (component.first_pair === "2:1" && !firstPairDone[member]) {
      if (Math.max(left, right) < 2 || Math.min(left, right) < 1 || limit < 1) return 0
      // The 2 units come from the longer leg, the left one on a tie (spec "Binary").
      if (left >= right) left -= 2, right -= 1
      else left -= 1, right -= 2
      firstPairDone[member] = true
      pairs = 1
    }
    const more = Math.min(Math.min(left, right), limit - pairs)
    pairs += Math.max(0, more)
    left -= Math.max(0, more)
    right -= Math.max(0, more)
    units[member * 2 + LEFT] = left
    units[member * 2 + RIGHT] = right
    if (!isQualified) return 0
    const paidPairs = Math.min(pairs, component.max_pairs ?? Infinity)
    return paidPairs * (component.pair_cents ?? 0)
  }
}
