/**
 * Writes a batch input out as a spec simulation document (members `m<i>`, orders `o<j>`), so the
 * replay engine can run the very same network and orders: the batch path's cross-check and a
 * what-if export of a store's period. Ranks are written as names `r<idx>`; the document carries no
 * `plan.ranks`, so these ranks stay as given (nothing re-evaluates them).
 */
import { LEFT, NO_PARENT, type BatchNetwork, type OrderBatch } from "./network"
import type { UnilevelBatchPlan } from "./unilevel-batch"
import type { BinaryBatchPlan } from "./binary-period"

export const memberId = (idx: number): string => `m${idx}`
export const orderId = (periodIdx: number, orderIdx: number): string => `p${periodIdx}o${orderIdx}`
export const periodId = (periodIdx: number): string => `P${periodIdx}`
export const rankName = (rankIdx: number): string => `r${rankIdx}`

type Json = Record<string, unknown>

function memberEntries(network: BatchNetwork, withPlacement: boolean): Json[] {
  const members: Json[] = []
  for (let v = 0; v < network.size; v++) {
    const member: Json = { id: memberId(v) }
    if (network.sponsorIdx[v] !== NO_PARENT) member.sponsor = memberId(network.sponsorIdx[v])
    if (withPlacement && network.placementParentIdx[v] !== NO_PARENT) {
      member.placement = {
        parent: memberId(network.placementParentIdx[v]),
        side: network.placementSide[v] === LEFT ? "left" : "right",
      }
    }
    if (network.rankIdx[v] >= 0) member.rank = rankName(network.rankIdx[v])
    if (network.terminated[v] === 1) member.status = "terminated"
    members.push(member)
  }
  return members
}

function startingPv(network: BatchNetwork): Json[] {
  const events: Json[] = []
  for (let v = 0; v < network.size; v++) {
    if (network.pvMinor[v] !== 0) events.push({ type: "adjust_pv", member: memberId(v), pv: network.pvMinor[v] })
  }
  return events
}

function orderEvents(orders: OrderBatch, periodIdx: number): Json[] {
  const events: Json[] = []
  for (let j = 0; j < orders.size; j++) {
    events.push({ type: "order", id: orderId(periodIdx, j), buyer: memberId(orders.ownerIdx[j]), cv: orders.cvMinor[j] })
  }
  return events
}

function activity(minPvMinor: number | null): Json {
  return minPvMinor === null ? {} : { activity: { min_pv: minPvMinor } }
}

export function unilevelDocument(network: BatchNetwork, orders: OrderBatch, plan: UnilevelBatchPlan): Json {
  const component: Json = { type: "unilevel", levels_bp: [...plan.levelsBp], compression: plan.compression }
  if (plan.levelsByRankIdx !== null) {
    const depthByRank: Record<string, number> = {}
    plan.levelsByRankIdx.forEach((levels, idx) => {
      if (levels !== null) depthByRank[rankName(idx)] = levels
    })
    component.depth_by_rank = depthByRank
  }
  return {
    id: "batch-unilevel",
    plan: { currency: "USD", rounding: plan.rounding, ...activity(plan.activityMinPvMinor), components: [component] },
    members: memberEntries(network, false),
    events: [...startingPv(network), ...orderEvents(orders, 0)],
  }
}

/**
 * Binary periods one after another; the network's PV is the starting PV of the first period
 * (later periods start from 0, as `close_period` resets PV).
 */
export function binaryDocument(network: BatchNetwork, periods: readonly OrderBatch[], plan: BinaryBatchPlan): Json {
  const component: Json = {
    type: "binary",
    placement: "bfs",
    mode: "volume",
    rate_bp: plan.rateBp,
    over_cap: plan.overCap,
    qualification: plan.qualification,
    unqualified: plan.unqualified,
  }
  if (plan.capCents !== null) component.cap_cents = plan.capCents
  const events: Json[] = [...startingPv(network)]
  periods.forEach((orders, p) => {
    events.push(...orderEvents(orders, p), { type: "close_period", period: periodId(p) })
  })
  return {
    id: "batch-binary",
    plan: { currency: "USD", rounding: plan.rounding, ...activity(plan.activityMinPvMinor), components: [component] },
    members: memberEntries(network, true),
    events,
  }
}
