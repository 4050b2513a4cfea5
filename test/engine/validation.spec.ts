// Every validation rule of the spec reports the exact JSON path and message of the first
// offending element (spec "Command" and "Precise rules / Validation").
import { EngineValidationError, parsePlan, parseSimulation, simulate } from "../../src/engine"

type Doc = {
  plan: { currency: string; components: Record<string, unknown>[]; [key: string]: unknown }
  members: Record<string, unknown>[]
  events: Record<string, unknown>[]
  [key: string]: unknown
}

const baseDoc = (): Doc => ({
  plan: { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] },
  members: [{ id: "A" }, { id: "B", sponsor: "A" }],
  events: [],
})

const order = (id: string, cv: unknown, extra: Record<string, unknown> = {}) => ({ type: "order", id, buyer: "B", cv, ...extra })

function errorOf(run: () => unknown): EngineValidationError {
  try {
    run()
  } catch (error) {
    if (error instanceof EngineValidationError) return error
    throw error
  }
  throw new Error("expected an EngineValidationError")
}

const cases: [string, (doc: Doc) => void, string][] = [
  ["negative CV", (d) => d.events.push(order("o1", -1)), "events[0].cv: must be a non-negative integer (minor units)"],
  ["non-integer money", (d) => d.events.push(order("o1", 20.7)), "events[0].cv: must be a non-negative integer (minor units)"],
  ["money given as a string", (d) => d.events.push(order("o1", "2070")), "events[0].cv: must be a non-negative integer (minor units)"],
  [
    "rate above 10000",
    (d) => (d.plan.components = [{ type: "unilevel", levels_bp: [1000, 500, 10001] }]),
    "plan.components[0].levels_bp[2]: must be an integer 0..10000",
  ],
  [
    "fractional rate",
    (d) => (d.plan.components = [{ type: "fast_start", rate_bp: 12.5, days: 30 }]),
    "plan.components[0].rate_bp: must be an integer 0..10000",
  ],
  [
    "unknown component type",
    (d) => d.plan.components.push({ type: "binery" }),
    'plan.components[1].type: unknown component type "binery"',
  ],
  ["unknown key on a member", (d) => (d.members[1].colour = "red"), "members[1].colour: unknown key"],
  ["unknown key on the plan", (d) => (d.plan.currencies = ["USD"]), "plan.currencies: unknown key"],
  ["unknown key on a component", (d) => (d.plan.components[0].depth = 3), "plan.components[0].depth: unknown key"],
  ["unknown top-level key", (d) => (d.expected = {}), "expected: unknown key"],
  ["missing required key", (d) => delete (d.plan as Record<string, unknown>).currency, "plan.currency: is required"],
  ["unknown event type", (d) => d.events.push({ type: "bonus" }), 'events[0].type: unknown event type "bonus"'],
  ["unknown sponsor", (d) => d.members.push({ id: "C", sponsor: "Z" }), 'members[2].sponsor: unknown member "Z"'],
  [
    "sponsor cycle in members (A sponsored by later B)",
    (d) => (d.members[0].sponsor = "B"),
    'members[0].sponsor: sponsor "B" must appear earlier (a later sponsor would allow a cycle)',
  ],
  ["member sponsoring itself", (d) => d.members.push({ id: "C", sponsor: "C" }), "members[2].sponsor: a member cannot be its own sponsor (cycle)"],
  [
    "customer as a sponsor",
    (d) => d.members.push({ id: "X", kind: "customer", referrer: "A" }, { id: "C", sponsor: "X" }),
    'members[3].sponsor: sponsor "X" is a customer (only distributors can be a sponsor)',
  ],
  ["customer without referrer", (d) => d.members.push({ id: "X", kind: "customer" }), "members[2].referrer: is required for a customer"],
  [
    "refund above the remaining CV",
    (d) => d.events.push(order("o1", 2000), { type: "refund", id: "r1", order: "o1", cv: 800 }, { type: "refund", id: "r2", order: "o1", cv: 1201 }),
    "events[2].cv: refund exceeds the order's remaining CV (1200)",
  ],
  ["refund of zero", (d) => d.events.push(order("o1", 2000), { type: "refund", id: "r1", order: "o1", cv: 0 }), "events[1].cv: must be a positive integer (minor units)"],
  ["refund of an unknown order", (d) => d.events.push({ type: "refund", id: "r1", order: "o9", cv: 1 }), 'events[0].order: unknown order "o9" (a refund follows its order)'],
  ["duplicate member id", (d) => d.members.push({ id: "A" }), 'members[2].id: duplicate member id "A"'],
  [
    "duplicate member id in a join",
    (d) => d.events.push({ type: "join", member: { id: "B", sponsor: "A" } }),
    'events[0].member.id: duplicate member id "B"',
  ],
  ["duplicate order id", (d) => d.events.push(order("o1", 10), order("o1", 10)), 'events[1].id: duplicate order id "o1"'],
  [
    "duplicate refund id",
    (d) => d.events.push(order("o1", 10), { type: "refund", id: "r1", order: "o1", cv: 1 }, { type: "refund", id: "r1", order: "o1", cv: 1 }),
    'events[2].id: duplicate refund id "r1"',
  ],
  [
    "duplicate period id",
    (d) => d.events.push({ type: "close_period", period: "W1" }, { type: "close_period", period: "W1" }),
    'events[1].period: duplicate period id "W1"',
  ],
  [
    "time without zone",
    (d) => d.events.push(order("o1", 10, { at: "2026-01-01T00:00:00" })),
    "events[0].at: must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z",
  ],
  [
    "impossible date",
    (d) => d.members.push({ id: "C", sponsor: "A", enrolled_at: "2026-02-30T00:00:00Z" }),
    "members[2].enrolled_at: must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z",
  ],
  [
    "order by a member who joins later",
    (d) => d.events.push({ type: "order", id: "o1", buyer: "C", cv: 1 }, { type: "join", member: { id: "C", sponsor: "A" } }),
    'events[0].buyer: member "C" has not joined yet',
  ],
  [
    "two binaries",
    (d) => (d.plan.components = [{ type: "binary", rate_bp: 1000 }, { type: "binary", rate_bp: 500 }]),
    'plan.components[1].type: at most one "binary" component per plan (another at components[0])',
  ],
  [
    "binary and matrix",
    (d) => (d.plan.components = [{ type: "binary", rate_bp: 1000 }, { type: "matrix", width: 3, depth: 2, levels_bp: [100] }]),
    'plan.components[1].type: "matrix" cannot share a plan with "binary" (each has its own placement tree)',
  ],
  [
    "matching before its component",
    (d) => (d.plan.components = [{ type: "matching", on: "binary", generations_bp: [1000] }, { type: "binary", rate_bp: 1000 }]),
    'plan.components[0].on: matching must come after the "binary" component it names (components[1])',
  ],
  [
    "matching on a component the plan lacks",
    (d) => d.plan.components.push({ type: "matching", on: "pool", generations_bp: [1000] }),
    'plan.components[1].on: no "pool" component in the plan',
  ],
  [
    "binary volume mode without rate",
    (d) => (d.plan.components = [{ type: "binary" }]),
    "plan.components[0].rate_bp: is required in volume mode",
  ],
  [
    "pairs field in volume mode",
    (d) => (d.plan.components = [{ type: "binary", rate_bp: 1000, max_pairs: 5 }]),
    "plan.components[0].max_pairs: applies only to pairs mode",
  ],
  [
    "matrix slot past the width",
    (d) => {
      d.plan.components = [{ type: "matrix", width: 2, depth: 2, levels_bp: [100] }]
      d.members.push({ id: "C", sponsor: "A", placement: { parent: "A", slot: 3 } })
    },
    "members[2].placement.slot: slot 3 is past the matrix width (2)",
  ],
  [
    "binary placement with a slot",
    (d) => {
      d.plan.components = [{ type: "binary", rate_bp: 1000 }]
      d.members.push({ id: "C", sponsor: "A", placement: { parent: "A", side: "right", slot: 1 } })
    },
    "members[2].placement.slot: a binary placement has a side, not a slot",
  ],
  [
    "placement without a placement component",
    (d) => d.members.push({ id: "C", sponsor: "A", placement: { parent: "A", side: "left" } }),
    "members[2].placement: the plan has no binary or matrix component to place into",
  ],
  [
    "pool share for an unknown member",
    (d) => d.plan.components.push({ type: "pool", rate_bp: 100, shares: { A: 1, Q: 2 } }),
    'plan.components[1].shares.Q: unknown member "Q"',
  ],
  [
    "rank not in plan.ranks",
    (d) => {
      d.plan.ranks = [{ name: "bronze", min_pv: 100 }]
      d.members[1].rank = "gold"
    },
    'members[1].rank: unknown rank "gold" (not in plan.ranks)',
  ],
  [
    "stair steps out of order",
    (d) =>
      (d.plan.components = [{ type: "stair_step", steps: [{ min_pgv: 100, rate_bp: 500 }, { min_pgv: 100, rate_bp: 1000 }] }]),
    "plan.components[0].steps[1].min_pgv: steps must be listed with strictly increasing min_pgv",
  ],
  [
    "retail below wholesale",
    (d) => d.events.push(order("o1", 10, { retail: 900, wholesale: 1000 })),
    "events[0].retail: must be at least wholesale (1000)",
  ],
]

describe("simulation validation", () => {
  it("accepts the base document", () => {
    expect(simulate(baseDoc())).toEqual({ lines: [] })
  })

  it.each(cases)("%s", (_name, mutate, message) => {
    const doc = baseDoc()
    mutate(doc)
    const error = errorOf(() => simulate(doc))
    expect(error.message).toBe(message)
    const [path, ...rest] = message.split(": ")
    expect(error.issues[0]).toEqual({ path, message: rest.join(": ") })
    expect(errorOf(() => parseSimulation(doc)).message).toBe(message)
  })

  it("reports an explicit binary placement into a slot a policy already filled, while replaying", () => {
    const doc = baseDoc()
    doc.plan.components = [{ type: "binary", rate_bp: 1000 }]
    doc.events.push({ type: "join", member: { id: "C", sponsor: "A", placement: { parent: "A", side: "left" } } })
    expect(() => parseSimulation(doc)).not.toThrow()
    expect(errorOf(() => simulate(doc)).message).toBe('events[0].member.placement.side: the left slot of "A" is already taken by "B"')
  })

  it("reports an explicit matrix placement into an occupied slot", () => {
    const doc = baseDoc()
    doc.plan.components = [{ type: "matrix", width: 2, depth: 2, levels_bp: [100] }]
    doc.members.push({ id: "C", sponsor: "A", placement: { parent: "A", slot: 1 } })
    expect(errorOf(() => simulate(doc)).message).toBe('members[2].placement.slot: slot 1 of "A" is already taken by "B"')
  })

  it("collects every issue, first one in the message", () => {
    const doc = baseDoc()
    doc.events.push(order("o1", -5), order("o2", 1.5))
    const error = errorOf(() => simulate(doc))
    expect(error.issues).toEqual([
      { path: "events[0].cv", message: "must be a non-negative integer (minor units)" },
      { path: "events[1].cv", message: "must be a non-negative integer (minor units)" },
    ])
  })

  it("compares times with offsets as instants", () => {
    const doc = baseDoc()
    doc.plan.components = [{ type: "fast_start", rate_bp: 1000, days: 1 }]
    doc.members[1].enrolled_at = "2026-01-01T00:00:00Z"
    // 2026-01-02T01:30+02:00 is 23:30Z on Jan 1: inside the one-day window.
    doc.events.push(order("o1", 10000, { at: "2026-01-02T01:30:00+02:00" }), order("o2", 10000, { at: "2026-01-02T00:00:00Z" }))
    expect(simulate(doc).lines).toEqual([{ to: "A", bonus: "fast_start", source: "o1", cents: 1000 }])
  })
})

describe("parsePlan", () => {
  it("roots paths at plan and fills the spec's defaults", () => {
    expect(errorOf(() => parsePlan({ currency: "USD", components: [{ type: "pool", rate_bp: -1, shares: {} }] })).message).toBe(
      "plan.components[0].rate_bp: must be an integer 0..10000"
    )
    expect(parsePlan({ currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] })).toEqual({
      currency: "USD",
      rounding: "half_up",
      components: [
        {
          type: "binary",
          rate_bp: 1000,
          placement: "bfs",
          mode: "volume",
          over_cap: "flush",
          qualification: "none",
          unqualified: "accumulate",
          refund: "clawback_restore",
        },
      ],
    })
  })

  it("rejects a non-object plan", () => {
    expect(errorOf(() => parsePlan("unilevel")).message).toBe("plan: must be an object")
  })
})
