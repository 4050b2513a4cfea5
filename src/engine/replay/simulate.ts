/**
 * The replay: the initial members are joined in list order exactly like join events (spec
 * "Members"), then the events run in order. Per-order components post lines on each order and
 * refunds post the difference to the commission on net CV; close_period evaluates ranks, runs
 * the period components in plan order, then resets PV (carry stays).
 */
import type { Component, SimulationResult, Simulation } from "../types"
import { binary } from "../binary"
import { board } from "../board"
import { fastStart } from "../fast-start"
import { matching } from "../matching"
import { matrix } from "../matrix"
import { pool } from "../pool"
import { evaluateRanks } from "../ranks"
import { retailProfit } from "../retail-profit"
import { stairStep } from "../stair-step"
import { parseInstantMs } from "../time"
import { unilevel } from "../unilevel"
import { Ledger } from "./ledger"
import { Network } from "./network"
import { termAmount, type OrderRecord } from "./orders"
import type { ComponentRuntime, ReplayContext } from "./runtime"

function runtimeFor(component: Component, ctx: ReplayContext): ComponentRuntime {
  switch (component.type) {
    case "unilevel":
      return unilevel(component, ctx)
    case "retail_profit":
      return retailProfit(component, ctx)
    case "fast_start":
      return fastStart(component, ctx)
    case "binary":
      return binary(component, ctx)
    case "matrix":
      return matrix(component, ctx)
    case "board":
      return board(component, ctx)
    case "stair_step":
      return stairStep(component, ctx)
    case "matching":
      return matching(component, ctx)
    case "pool":
      return pool(component, ctx)
  }
}

/** Replays a validated simulation. Throws EngineValidationError for an occupied placement. */
export function replay(simulation: Simulation): SimulationResult {
  const { plan } = simulation
  const network = new Network(plan.activity?.min_pv)
  const ledger = new Ledger(network)
  const refundedOrderIds = new Set<string>()
  for (const event of simulation.events) if (event.type === "refund") refundedOrderIds.add(event.order)
  const refundCount = simulation.events.reduce((count, event) => count + (event.type === "refund" ? 1 : 0), 0)
  const roster = [...simulation.members]
  for (const event of simulation.events) if (event.type === "join") roster.push(event.member)
  const ctx: ReplayContext = { plan, rounding: plan.rounding, network, ledger, refunds: { count: refundCount, orderIds: refundedOrderIds }, roster }
  const runtimes = plan.components.map((component) => runtimeFor(component, ctx))
  const orders = new Map<string, OrderRecord>()
  let period = 0
  let orderCount = 0

  const join = (member: Simulation["members"][number], path: PropertyKey[]) => {
    const index = network.add(member)
    if (network.isCustomer[index]) return
    for (const runtime of runtimes) runtime.onJoin?.({ member: index, placement: member.placement, path })
  }

  simulation.members.forEach((member, i) => join(member, ["members", i]))

  simulation.events.forEach((event, i) => {
    switch (event.type) {
      case "join":
        join(event.member, ["events", i, "member"])
        break
      case "order": {
        const buyer = network.index(event.buyer)
        const order: OrderRecord = {
          seq: orderCount++,
          id: event.id,
          buyer,
          owner: network.owner(buyer),
          cv: event.cv,
          netCv: event.cv,
          retail: event.retail,
          wholesale: event.wholesale,
          atMs: event.at === undefined ? undefined : parseInstantMs(event.at),
          period,
          terms: [],
        }
        // Only a refund reads an order back: the others are not kept.
        const refundable = refundedOrderIds.has(order.id)
        if (refundable) orders.set(order.id, order)
        // The order's own CV counts before the components look at activity (spec "Activity").
        network.setPv(order.owner, network.pv[order.owner] + order.cv)
        for (const runtime of runtimes) {
          for (const term of runtime.orderTerms?.(order) ?? []) {
            term.paid = termAmount(term, order, order.cv, plan.rounding)
            ledger.post(term.payee, term.bonus, term.level, order.id, term.paid)
            if (refundable) order.terms.push(term)
          }
          runtime.onOrder?.(order)
        }
        break
      }
      case "refund": {
        const order = orders.get(event.order)!
        order.netCv -= event.cv
        if (order.period === period) network.setPv(order.owner, Math.max(0, network.pv[order.owner] - event.cv))
        for (const term of order.terms) {
          const due = termAmount(term, order, order.netCv, plan.rounding)
          ledger.post(term.payee, term.bonus, term.level, event.id, due - term.paid)
          term.paid = due
        }
        for (const runtime of runtimes) runtime.onRefund?.(order, event.cv, event.id)
        break
      }
      case "adjust_pv":
        network.setPv(network.index(event.member), event.pv)
        break
      case "terminate":
        network.terminate(network.index(event.member))
        break
      case "close_period":
        if (plan.ranks) evaluateRanks(plan.ranks, network)
        for (const runtime of runtimes) runtime.onClosePeriod?.(event.period)
        network.resetPeriod()
        period++
        ledger.startPeriod()
        break
    }
  })

  const result: SimulationResult = { lines: ledger.lines }
  for (const runtime of runtimes) runtime.report?.(result)
  if (plan.ranks) {
    const ranks: Record<string, string> = {}
    network.ids.forEach((id, member) => {
      const rank = network.rank[member]
      if (rank !== undefined && !network.isCustomer[member]) ranks[id] = rank
    })
    result.ranks = ranks
  }
  return result
}
