// computePeriodBatch must post, at every close, exactly the period lines the replay engine posts
// for the same document, and end with the same carry and ranks: random networks of every shape,
// random plans mixing ranks, binary, stair_step (breakaways, generations), matching (on any of
// them, or on unilevel's per-order pay) and pool, over two periods (carry in and out), with
// mid-period adjust_pv, terminations, same-period refunds and customers' orders.
import fc from "fast-check"
import { batchInput } from "./batch-arbitraries"
import { assertPeriodRunEqualsReplay, buildScenario, type ScenarioExtras } from "./period-scenario"

type Json = Record<string, unknown>

const RATES = [0, 100, 250, 333, 500, 800, 1250, 2000]

const ranks = fc.option(
  fc.tuple(...[0, 1, 2].map(() =>
    fc.record(
      {
        min_pv: fc.integer({ min: 0, max: 9000 }),
        min_gv: fc.integer({ min: 0, max: 60000 }),
        max_leg_share_bp: fc.constantFrom(0, 3333, 5000, 6667, 10000),
      },
      { requiredKeys: [] }
    ).map((rank) => withoutUndefined(rank.min_gv === undefined ? { min_pv: rank.min_pv } : rank))
  )).map((list) => list.map((rank, i) => ({ name: `r${i}`, ...rank }))),
  { nil: undefined }
)

const binary = fc.record({
  type: fc.constant("binary"),
  rate_bp: fc.constantFrom(0, 333, 1000, 2500),
  cap_cents: fc.option(fc.constantFrom(0, 50, 1200, 100000), { nil: undefined }),
  over_cap: fc.constantFrom("flush", "carry"),
  qualification: fc.constantFrom("none", "sponsored_each_leg"),
  unqualified: fc.constantFrom("accumulate", "flush"),
  refund: fc.constantFrom("clawback_restore", "negative_carry"),
}).map(withoutUndefined)

const stairStep = fc
  .record({
    increments: fc.array(fc.integer({ min: 1, max: 20000 }), { minLength: 1, maxLength: 5 }),
    firstMin: fc.constantFrom(0, 1, 3000),
    rates: fc.array(fc.constantFrom(...RATES), { minLength: 5, maxLength: 5 }),
    breakaway: fc.option(fc.constantFrom(...RATES), { nil: undefined }),
    generations: fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 3 }),
  })
  .map(({ increments, firstMin, rates, breakaway, generations }) => {
    let min = firstMin - increments[0]
    const steps = increments.map((increment, s) => ({ min_pgv: (min += increment), rate_bp: rates[s] }))
    return withoutUndefined({
      type: "stair_step",
      steps,
      breakaway_rate_bp: breakaway,
      generations_bp: breakaway === undefined ? [] : generations,
    })
  })

const poolPicks = fc.array(fc.record({ pick: fc.nat(), shares: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 6 })

const plan = fc
  .record({
    rounding: fc.constantFrom("half_up", "half_even"),
    minPv: fc.option(fc.constantFrom(1, 3000, 5000), { nil: undefined }),
    ranks,
    binary: fc.option(binary, { nil: undefined }),
    stairStep: fc.option(stairStep, { nil: undefined }),
    pool: fc.option(fc.record({ rate_bp: fc.constantFrom(0, 100, 333, 1000), picks: poolPicks }), { nil: undefined }),
    unilevel: fc.boolean(),
    matchingOn: fc.nat(),
    matchingGenerations: fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 4 }),
    order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  })

type PlanDraft = typeof plan extends fc.Arbitrary<infer T> ? T : never

/** The document's plan for `members` members: components in a random order, matching last. */
function planFor(draft: PlanDraft, members: number): Json {
  const components: Json[] = []
  if (draft.unilevel) components.push({ type: "unilevel", levels_bp: [1000, 500] })
  if (draft.binary) components.push(draft.binary)
  if (draft.stairStep) components.push(draft.stairStep)
  if (draft.pool) {
    const shares: Record<string, number> = {}
    for (const { pick, shares: count } of draft.pool.picks) shares[`m${pick % members}`] = count
    components.push({ type: "pool", rate_bp: draft.pool.rate_bp, shares })
  }
  // A random order of the components, then matching after all of them (after the one it names).
  const shuffled = components
    .map((component, i) => ({ component, key: draft.order[i] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map(({ component }) => component)
  if (components.length > 0) {
    const on = components[draft.matchingOn % components.length].type
    shuffled.push({ type: "matching", on, generations_bp: draft.matchingGenerations })
  }
  return withoutUndefined({
    currency: "USD",
    rounding: draft.rounding,
    activity: draft.minPv === undefined ? undefined : { min_pv: draft.minPv },
    ranks: draft.ranks,
    components: shuffled,
  })
}

const extras = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  customers: fc.integer({ min: 0, max: 3 }),
  adjustBp: fc.constantFrom(0, 500),
  terminateBp: fc.constantFrom(0, 300),
  refundBp: fc.constantFrom(0, 1000),
}) satisfies fc.Arbitrary<ScenarioExtras>

function withoutUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T
}

describe("computePeriodBatch equals the replay engine at every close", () => {
  it("on random networks and plans over two periods, with mid-period events", () => {
    fc.assert(
      fc.property(batchInput({ maxMembers: 50, maxOrders: 50, periods: 2 }), plan, extras, (input, draft, more) => {
        assertPeriodRunEqualsReplay(buildScenario(input, planFor(draft, input.network.size), more))
      }),
      { numRuns: 250 }
    )
  })

  it("on stair-step plans with breakaways and generations over three periods", () => {
    const breakawayPlan = fc.record({ rounding: fc.constantFrom("half_up", "half_even"), step: stairStep, matching: fc.boolean() })
    fc.assert(
      fc.property(batchInput({ maxMembers: 80, maxOrders: 60, periods: 3 }), breakawayPlan, ({ network, periods }, p) => {
        const components: Json[] = [p.step]
        if (p.matching) components.push({ type: "matching", on: "stair_step", generations_bp: [700, 300] })
        const doc = { currency: "USD", rounding: p.rounding, components }
        assertPeriodRunEqualsReplay(buildScenario({ network, periods }, doc))
      }),
      { numRuns: 100 }
    )
  })
})
