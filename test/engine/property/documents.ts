// fast-check arbitraries for whole simulation documents. fast-check draws abstract steps (a
// kind plus a few numbers); `interpret` turns them into a *valid* event stream by choosing
// among the members and orders that exist at that point, and records what the properties need
// (each order's CV, refunds and period).
import fc from "fast-check"

type Json = Record<string, unknown>

export interface Step {
  kind: number
  a: number
  b: number
  cv: number
}

export interface OrderFacts {
  id: string
  owner: string
  cv: number
  retail?: number
  wholesale?: number
  period: number
  refunds: { id: string; cv: number }[]
}

export interface Interpreted {
  members: Json[]
  events: Json[]
  orders: Map<string, OrderFacts>
  /** Net CV of each closed period's orders as it stood at its close. */
  closedPeriodCv: { id: string; netCv: number }[]
}

const DAY_MS = 86_400_000
const START_MS = Date.UTC(2026, 0, 1)
const iso = (ms: number) => new Date(ms).toISOString()
const RANKS = ["bronze", "silver", "gold"]

export const step = fc.record({
  kind: fc.integer({ min: 0, max: 99 }),
  a: fc.nat(),
  b: fc.nat(),
  cv: fc.integer({ min: 1, max: 30000 }),
})

export interface InterpretOptions {
  initialMembers: number
  /** Customers join and buy (per-order documents); placement documents use distributors only. */
  customers: boolean
  /** Percent weights: join, order, refund, adjust_pv, terminate, close_period (sum 100). */
  weights: [number, number, number, number, number, number]
}

export function interpret(steps: Step[], options: InterpretOptions): Interpreted {
  const members: Json[] = []
  const events: Json[] = []
  const distributors: string[] = []
  const everyone: string[] = []
  const customers = new Set<string>()
  const orders = new Map<string, OrderFacts>()
  const refundable: OrderFacts[] = []
  const closedPeriodCv: Interpreted["closedPeriodCv"] = []
  let period = 0
  let clock = START_MS
  let refundCount = 0

  const newMember = (sponsorPick: number, rankPick: number, asCustomer: boolean): Json => {
    const id = `n${everyone.length}`
    const member: Json = { id, enrolled_at: iso(clock) }
    if (distributors.length > 0) {
      const upline = distributors[sponsorPick % distributors.length]
      if (asCustomer) Object.assign(member, { kind: "customer", referrer: upline })
      else member.sponsor = upline
    }
    if (!asCustomer && rankPick % 4 < 3) member.rank = RANKS[rankPick % 4]
    everyone.push(id)
    if (asCustomer) customers.add(id)
    else distributors.push(id)
    return member
  }

  for (let i = 0; i < options.initialMembers; i++) members.push(newMember(i * 7919, i, false))

  const bounds = options.weights.map((_, i) => options.weights.slice(0, i + 1).reduce((s, w) => s + w, 0))
  for (const s of steps) {
    clock += DAY_MS
    const kind = bounds.findIndex((bound) => s.kind < bound)
    if (kind === 0) {
      const asCustomer = options.customers && s.b % 3 === 0 && distributors.length > 0
      events.push({ type: "join", member: newMember(s.a, s.b, asCustomer) })
    } else if (kind === 1 && everyone.length > 0) {
      const owner = everyone[s.a % everyone.length]
      const id = `o${orders.size}`
      const facts: OrderFacts = { id, owner, cv: s.cv, period, refunds: [] }
      const event: Json = { type: "order", id, buyer: owner, cv: s.cv, at: iso(clock) }
      if (customers.has(owner)) {
        facts.wholesale = s.cv
        facts.retail = s.cv + (s.b % 5000)
        Object.assign(event, { retail: facts.retail, wholesale: facts.wholesale })
      }
      orders.set(id, facts)
      refundable.push(facts)
      events.push(event)
    } else if (kind === 2 && refundable.length > 0) {
      const facts = refundable[s.a % refundable.length]
      const remaining = facts.cv - facts.refunds.reduce((sum, r) => sum + r.cv, 0)
      const cv = 1 + (s.b % remaining)
      const id = `r${refundCount++}`
      facts.refunds.push({ id, cv })
      if (cv === remaining) refundable.splice(refundable.indexOf(facts), 1)
      events.push({ type: "refund", id, order: facts.id, cv })
    } else if (kind === 3 && everyone.length > 0) {
      events.push({ type: "adjust_pv", member: distributors[s.a % distributors.length], pv: s.b % 20000 })
    } else if (kind === 4 && distributors.length > 0) {
      events.push({ type: "terminate", member: distributors[s.a % distributors.length] })
    } else if (kind === 5) {
      const id = `P${period}`
      let netCv = 0
      for (const facts of orders.values()) {
        if (facts.period === period) netCv += facts.cv - facts.refunds.reduce((sum, r) => sum + r.cv, 0)
      }
      closedPeriodCv.push({ id, netCv })
      events.push({ type: "close_period", period: id })
      period++
    }
  }
  return { members, events, orders, closedPeriodCv }
}

export const rounding = fc.constantFrom("half_up", "half_even")
export const levelRates = fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 6 })
export const depthByRank = fc.option(
  fc.record({ bronze: fc.integer({ min: 0, max: 6 }), silver: fc.integer({ min: 0, max: 6 }) }),
  { nil: undefined }
)
