// A period-run scenario: one network, periods of orders mixed with the other events that change
// what a close sees (adjust_pv, terminate, same-period refunds, customers' orders), written as a
// spec document for `simulate()`, and the close-time state each period hands to
// `computePeriodBatch` (PV, status, own CV, period CV). `assertPeriodRunEqualsReplay` runs both
// and compares the period lines, the carry and the ranks.
import { parsePlan, simulate, type Line, type SimulationResult } from "../../../src/engine"
import {
  LEFT,
  NO_PARENT,
  PERIOD_BONUSES,
  computePeriodBatch,
  emptyCarry,
  memberId,
  mulberry32,
  orderId,
  periodId,
  randomInt,
  rankName,
  type BatchNetwork,
  type BinaryCarry,
  type PeriodBatchResult,
  type PeriodLines,
} from "../../../src/engine/batch"
import { carryRecord, lineMultiset, type BatchInput } from "./batch-arbitraries"

type Json = Record<string, unknown>

export interface ScenarioExtras {
  seed: number
  /** Customers appended to `members`, each referred by a random distributor. */
  customers: number
  /** Per order, the chance (basis points) that an adjust_pv, a terminate, a refund follows it. */
  adjustBp: number
  terminateBp: number
  refundBp: number
}

export const NO_EXTRAS: ScenarioExtras = { seed: 1, customers: 0, adjustBp: 0, terminateBp: 0, refundBp: 0 }

/** What a close sees, per period. */
export interface PeriodState {
  pvMinor: Float64Array
  terminated: Uint8Array
  ownCvMinor: Float64Array
  periodCvMinor: number
}

export interface Scenario {
  input: BatchInput
  doc: Json
  periods: PeriodState[]
}

export function buildScenario(input: BatchInput, plan: Json, extras: ScenarioExtras = NO_EXTRAS): Scenario {
  const { network } = input
  const size = network.size
  const random = mulberry32(extras.seed)
  const components = plan.components as Json[]
  const placed = components.some((c) => c.type === "binary")
  const members: Json[] = []
  for (let v = 0; v < size; v++) {
    const member: Json = { id: memberId(v) }
    if (network.sponsorIdx[v] !== NO_PARENT) member.sponsor = memberId(network.sponsorIdx[v])
    if (placed && network.placementParentIdx[v] !== NO_PARENT) {
      member.placement = { parent: memberId(network.placementParentIdx[v]), side: network.placementSide[v] === LEFT ? "left" : "right" }
    }
    if (network.rankIdx[v] >= 0) member.rank = rankName(network.rankIdx[v])
    if (network.terminated[v] === 1) member.status = "terminated"
    members.push(member)
  }
  const referrer: number[] = []
  for (let c = 0; c < extras.customers; c++) {
    referrer.push(randomInt(random, 0, size - 1))
    members.push({ id: `c${c}`, kind: "customer", referrer: memberId(referrer[c]) })
  }

  const events: Json[] = []
  const pv = new Float64Array(size)
  const terminated = new Uint8Array(network.terminated)
  const periods: PeriodState[] = []
  for (let v = 0; v < size; v++) {
    if (network.pvMinor[v] === 0) continue
    pv[v] = network.pvMinor[v]
    events.push({ type: "adjust_pv", member: memberId(v), pv: network.pvMinor[v] })
  }
  input.periods.forEach((orders, p) => {
    const ownCv = new Float64Array(size)
    const netCv: number[] = []
    const ownerOf: number[] = []
    let periodCv = 0
    let refunds = 0
    for (let j = 0; j < orders.size; j++) {
      // Some orders are a customer's: they count for the referrer (spec "members").
      const customer = extras.customers > 0 && random() < 0.2 ? randomInt(random, 0, extras.customers - 1) : -1
      const owner = customer === -1 ? orders.ownerIdx[j] : referrer[customer]
      const cv = orders.cvMinor[j]
      events.push({ type: "order", id: orderId(p, j), buyer: customer === -1 ? memberId(owner) : `c${customer}`, cv })
      pv[owner] += cv
      ownCv[owner] += cv
      periodCv += cv
      netCv.push(cv)
      ownerOf.push(owner)
      if (random() * 10000 < extras.refundBp) {
        const k = randomInt(random, 0, j)
        if (netCv[k] > 0) {
          const refund = randomInt(random, 1, netCv[k])
          events.push({ type: "refund", id: `p${p}r${refunds++}`, order: orderId(p, k), cv: refund })
          netCv[k] -= refund
          pv[ownerOf[k]] = Math.max(0, pv[ownerOf[k]] - refund)
          ownCv[ownerOf[k]] -= refund
          periodCv -= refund
        }
      }
      if (random() * 10000 < extras.adjustBp) {
        const member = randomInt(random, 0, size - 1)
        pv[member] = randomInt(random, 0, 9000)
        events.push({ type: "adjust_pv", member: memberId(member), pv: pv[member] })
      }
      if (random() * 10000 < extras.terminateBp) {
        const member = randomInt(random, 0, size - 1)
        terminated[member] = 1
        events.push({ type: "terminate", member: memberId(member) })
      }
    }
    events.push({ type: "close_period", period: periodId(p) })
    periods.push({ pvMinor: pv.slice(), terminated: terminated.slice(), ownCvMinor: ownCv, periodCvMinor: periodCv })
    pv.fill(0)
  })
  return { input, doc: { id: "period-run", plan, members, events }, periods }
}

export function periodLineRecords(lines: PeriodLines, source: string): Line[] {
  const records: Line[] = []
  for (let row = 0; row < lines.count; row++) {
    const bonus = PERIOD_BONUSES[lines.bonus[row]]
    const line: Line = { to: memberId(lines.toIdx[row]), bonus, source, cents: lines.cents[row] }
    if (bonus === "generation" || bonus === "matching") line.level = lines.level[row]
    records.push(line)
  }
  return records
}

const memberIndexOf = (id: string): number => (/^m\d+$/.test(id) ? Number(id.slice(1)) : -1)

/** Per member, the unilevel lines of period p (orders and refunds), read from the replay. */
function unilevelPaid(replay: SimulationResult, p: number, size: number): Float64Array {
  const paid = new Float64Array(size)
  for (const line of replay.lines) {
    if (line.bonus === "unilevel" && line.source.startsWith(`p${p}`)) paid[memberIndexOf(line.to)] += line.cents
  }
  return paid
}

/** Runs the periods through the batch one close at a time and the document through the replay. */
export function runBoth(scenario: Scenario): { replay: SimulationResult; batches: PeriodBatchResult[] } {
  const { input, doc, periods } = scenario
  const replay = simulate(doc)
  const plan = parsePlan(doc.plan)
  let carry: BinaryCarry = emptyCarry(input.network.size)
  let rankIdx = input.network.rankIdx
  const batches = periods.map((state, p) => {
    const network: BatchNetwork = { ...input.network, pvMinor: state.pvMinor, terminated: state.terminated, rankIdx }
    const batch = computePeriodBatch(plan, {
      network,
      ownCvMinor: state.ownCvMinor,
      carryIn: carry,
      periodCvMinor: state.periodCvMinor,
      memberIndexOf,
      paidInPeriodMinor: { unilevel: unilevelPaid(replay, p, input.network.size) },
    })
    if (batch.carry) carry = batch.carry
    rankIdx = batch.rankIdx
    return batch
  })
  return { replay, batches }
}

export function assertPeriodRunEqualsReplay(scenario: Scenario): void {
  const { replay, batches } = runBoth(scenario)
  batches.forEach((batch, p) => {
    const source = periodId(p)
    expect(lineMultiset(periodLineRecords(batch.lines, source))).toEqual(lineMultiset(replay.lines.filter((line) => line.source === source)))
  })
  const last = batches[batches.length - 1]
  if (last.carry) expect(carryRecord(last.carry.left, last.carry.right)).toEqual(replay.carry ?? {})
  const plan = scenario.doc.plan as Json
  if (plan.ranks) {
    const ranks: Record<string, string> = {}
    last.rankIdx.forEach((rank, v) => {
      if (rank >= 0) ranks[memberId(v)] = (plan.ranks as { name: string }[])[rank].name
    })
    expect(ranks).toEqual(replay.ranks)
  }
}
