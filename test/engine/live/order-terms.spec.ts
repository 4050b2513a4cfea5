// The live store's per-order terms (src/engine/live/order-terms.ts) against the replay engine:
// random networks with terminations, ranks, customers and PV adjustments, one order and one
// refund at a time. The live function only sees the owner's upline, as the worker loads it.
import fc from "fast-check"
import { simulate, type Plan } from "../../../src/engine"
import { adjustmentCents, orderTerms, termCents, type UplineMember } from "../../../src/engine/live/order-terms"

type Net = {
  sponsor: number[]
  terminated: boolean[]
  rank: (string | null)[]
  customer: boolean[]
  referrer: number[]
  pv: number[]
  enrolledAtMs: number[]
}

const RANKS = ["bronze", "silver", "gold"]
const T0 = Date.UTC(2026, 0, 1)

const caseArb = fc
  .record({
    size: fc.integer({ min: 2, max: 40 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 200, maxLength: 200 }),
    levels: fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 8 }),
    dynamic: fc.boolean(),
    minPv: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    depthByRank: fc.boolean(),
    rounding: fc.constantFrom("half_up" as const, "half_even" as const),
    fastStartDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    retail: fc.boolean(),
    cv: fc.integer({ min: 1, max: 30000 }),
    refund: fc.integer({ min: 1, max: 30000 }),
    orderDay: fc.integer({ min: 0, max: 90 }),
  })
  .map((p) => {
    const draw = (i: number, mod: number) => p.seed[i % p.seed.length] % mod
    const net: Net = { sponsor: [], terminated: [], rank: [], customer: [], referrer: [], pv: [], enrolledAtMs: [] }
    for (let i = 0; i < p.size; i++) {
      const isCustomer = i > 0 && draw(i * 7, 5) === 0
      net.customer.push(isCustomer)
      net.sponsor.push(i === 0 || isCustomer ? -1 : lastDistributorBefore(net.customer, draw(i * 3, i)))
      net.referrer.push(isCustomer ? lastDistributorBefore(net.customer, draw(i * 5, i)) : -1)
      net.terminated.push(!isCustomer && i > 0 && draw(i * 11, 6) === 0)
      net.rank.push(isCustomer ? null : ([null, ...RANKS][draw(i * 13, 4)] ?? null))
      net.pv.push(draw(i * 17, 3) === 0 ? 0 : draw(i * 19, 6000))
      net.enrolledAtMs.push(T0 + draw(i * 23, 40) * 86_400_000)
    }
    const buyer = 1 + draw(997, p.size - 1)
    const components: Plan["components"] = [
      {
        type: "unilevel",
        levels_bp: p.levels,
        compression: p.dynamic ? "dynamic" : "none",
        ...(p.depthByRank ? { depth_by_rank: { bronze: 1, silver: 3 } } : {}),
      },
    ]
    if (p.fastStartDays !== undefined) components.push({ type: "fast_start", rate_bp: 700, days: p.fastStartDays })
    if (p.retail) components.push({ type: "retail_profit" })
    const plan = {
      currency: "USD",
      rounding: p.rounding,
      ...(p.minPv !== undefined ? { activity: { min_pv: p.minPv } } : {}),
      ranks: RANKS.map((name) => ({ name })),
      components,
    } as unknown as Plan
    return { net, plan, buyer, cv: p.cv, refund: Math.min(p.refund, p.cv), atMs: T0 + p.orderDay * 86_400_000 }
  })

function lastDistributorBefore(customer: boolean[], index: number): number {
  for (let i = index; i >= 0; i--) if (!customer[i]) return i
  return 0
}

const id = (i: number) => `m${i}`

function simulationOf(c: ReturnType<typeof caseArb["generate"]>["value"]) {
  const { net } = c
  const members = net.sponsor.map((sponsor, i) => ({
    id: id(i),
    ...(net.customer[i] ? { kind: "customer", referrer: id(net.referrer[i]) } : sponsor >= 0 ? { sponsor: id(sponsor) } : {}),
    ...(net.rank[i] ? { rank: net.rank[i] } : {}),
    ...(net.terminated[i] ? { status: "terminated" } : {}),
    enrolled_at: new Date(net.enrolledAtMs[i]).toISOString(),
  }))
  const retail = { retail: c.cv + 1500, wholesale: c.cv + 200 }
  const events = [
    ...net.pv.map((pv, i) => (net.customer[i] || pv === 0 ? null : { type: "adjust_pv", member: id(i), pv })).filter((e) => e !== null),
    { type: "order", id: "o1", buyer: id(c.buyer), cv: c.cv, at: new Date(c.atMs).toISOString(), ...retail },
    { type: "refund", id: "r1", order: "o1", cv: c.refund },
  ]
  return { doc: { plan: c.plan, members, events }, retail }
}

function liveLines(c: ReturnType<typeof caseArb["generate"]>["value"], retail: { retail: number; wholesale: number }) {
  const { net } = c
  const owner = net.customer[c.buyer] ? net.referrer[c.buyer] : c.buyer
  const minPv = c.plan.activity?.min_pv
  const member = (i: number): UplineMember => {
    const pv = net.pv[i] + (i === owner ? c.cv : 0)
    const canEarn = !net.terminated[i]
    return { node: i, canEarn, active: canEarn && (minPv === undefined || pv >= minPv), rank: net.rank[i] }
  }
  const upline: UplineMember[] = []
  for (let s = net.sponsor[owner]; s >= 0; s = net.sponsor[s]) upline.push(member(s))
  const isCustomer = net.customer[c.buyer]
  const terms = orderTerms(
    c.plan,
    {
      cvMinor: c.cv,
      retailMinor: isCustomer ? retail.retail : null,
      wholesaleMinor: isCustomer ? retail.wholesale : null,
      atMs: c.atMs,
      ownerKind: isCustomer ? "customer" : "distributor",
      ownerEnrolledAtMs: net.enrolledAtMs[owner],
    },
    member(owner),
    upline,
  )
  const lines: string[] = []
  for (const term of terms) {
    const cents = termCents(term, c.cv, c.cv, c.plan.rounding)
    if (cents !== 0) lines.push(key(id(term.to), term.bonus, term.level, "o1", cents))
  }
  for (const { term, cents } of adjustmentCents(terms, c.cv, c.cv, c.cv - c.refund, c.plan.rounding)) {
    lines.push(key(id(term.to), term.bonus, term.level, "r1", cents))
  }
  return lines.sort()
}

const key = (to: string, bonus: string, level: number, source: string, cents: number) => JSON.stringify([to, bonus, level, source, cents])

describe("live per-order terms equal the replay engine's lines", () => {
  it("on random networks: compression, activity, ranks, terminations, customers, fast start, retail profit, refunds", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { doc, retail } = simulationOf(c)
        const replayed = simulate(doc)
          .lines.map((line) => key(line.to, line.bonus, line.level ?? 0, line.source, line.cents))
          .sort()
        expect(liveLines(c, retail)).toEqual(replayed)
      }),
      { numRuns: 400, seed: 20261121 },
    )
  })

  it("a CV of 20.70 at 5 % pays 1.04 (exact half-up), and a full refund takes back exactly what was paid", () => {
    const plan = { currency: "USD", rounding: "half_up", components: [{ type: "unilevel", levels_bp: [500] }] } as unknown as Plan
    const sponsor: UplineMember = { node: 1, canEarn: true, active: true, rank: null }
    const terms = orderTerms(plan, { cvMinor: 2070, retailMinor: null, wholesaleMinor: null, atMs: T0, ownerKind: "distributor", ownerEnrolledAtMs: T0 }, { node: 2, canEarn: true, active: true, rank: null }, [sponsor])
    expect(terms).toEqual([{ to: 1, bonus: "unilevel", level: 1, rateBp: 500, fullMinor: null }])
    expect(termCents(terms[0], 2070, 2070, "half_up")).toBe(104)
    expect(adjustmentCents(terms, 2070, 2070, 0, "half_up")).toEqual([{ term: terms[0], cents: -104 }])
  })
})
