// Behaviour the golden fixtures do not pin down, each case computed by hand from the spec's
// rules (and the decisions recorded in docs/engine.md).
import { simulate, type Line } from "../../src/engine"

const sorted = (lines: Line[]) => lines.map((l) => JSON.stringify([l.to, l.bonus, l.level ?? null, l.source, l.cents])).sort()
const expectLines = (actual: Line[], expected: Line[]) => expect(sorted(actual)).toEqual(sorted(expected))

describe("customers", () => {
  it("count as their referrer's own orders for PV, fast start, unilevel, and refunds pro-rate retail profit", () => {
    const result = simulate({
      plan: {
        currency: "USD",
        components: [
          { type: "retail_profit" },
          { type: "fast_start", rate_bp: 1000, days: 10 },
          { type: "unilevel", levels_bp: [1000, 500] },
        ],
      },
      members: [
        { id: "A", enrolled_at: "2025-01-01T00:00:00Z" },
        { id: "B", sponsor: "A", enrolled_at: "2026-01-01T00:00:00Z" },
        { id: "X", kind: "customer", referrer: "B" },
      ],
      events: [
        { type: "order", id: "o1", buyer: "X", cv: 10000, retail: 12000, wholesale: 10000, at: "2026-01-05T00:00:00Z" },
        { type: "refund", id: "r1", order: "o1", cv: 3333 },
      ],
    })
    expectLines(result.lines, [
      { to: "B", bonus: "retail_profit", source: "o1", cents: 2000 },
      { to: "A", bonus: "fast_start", source: "o1", cents: 1000 },
      { to: "A", bonus: "unilevel", level: 1, source: "o1", cents: 1000 },
      // net 6667: retail profit round(2000 × 6667 / 10000) = 1333, rates 666.7 → 667
      { to: "B", bonus: "retail_profit", source: "r1", cents: -667 },
      { to: "A", bonus: "fast_start", source: "r1", cents: -333 },
      { to: "A", bonus: "unilevel", level: 1, source: "r1", cents: -333 },
    ])
  })

  it("put their orders' volume in the referrer's placement ancestors, not the referrer's own legs", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] },
      members: [{ id: "A" }, { id: "B", sponsor: "A" }, { id: "X", kind: "customer", referrer: "B" }],
      events: [{ type: "order", id: "o1", buyer: "X", cv: 1000 }],
    })
    expect(result.carry).toEqual({ A: { left: 1000, right: 0 } })
    expect(result.placements).toEqual({ B: { parent: "A", side: "left" } })
  })
})

describe("activity and refunds across periods", () => {
  const doc = (refundCv: number, orderToRefund: string) => ({
    plan: { currency: "USD", activity: { min_pv: 5000 }, components: [{ type: "unilevel", levels_bp: [1000, 500] }] },
    members: [{ id: "A" }, { id: "B", sponsor: "A" }, { id: "C", sponsor: "B" }],
    events: [
      { type: "order", id: "o1", buyer: "B", cv: 6000 },
      { type: "close_period", period: "P1" },
      { type: "order", id: "o2", buyer: "B", cv: 5000 },
      { type: "refund", id: "r1", order: orderToRefund, cv: refundCv },
      { type: "order", id: "o3", buyer: "C", cv: 1000 },
    ],
  })

  it("a refund of a closed period's order leaves the open period's PV alone", () => {
    expect(simulate(doc(3000, "o1")).lines).toEqual([{ to: "B", bonus: "unilevel", level: 1, source: "o3", cents: 100 }])
  })

  it("a refund in the open period lowers the owner's PV", () => {
    expect(simulate(doc(1, "o2")).lines).toEqual([])
  })
})

describe("binary", () => {
  const members = [
    { id: "A" },
    { id: "B", sponsor: "A", placement: { parent: "A", side: "left" } },
    { id: "C", sponsor: "A", placement: { parent: "A", side: "right" } },
  ]

  it("clawback_restore over a flushed cap claws back only the paid part", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "binary", rate_bp: 1000, cap_cents: 1200, over_cap: "flush" }] },
      members,
      events: [
        { type: "order", id: "o1", buyer: "B", cv: 20000 },
        { type: "order", id: "o2", buyer: "C", cv: 20000 },
        { type: "close_period", period: "W1" },
        { type: "refund", id: "r1", order: "o1", cv: 10000 },
      ],
    })
    // 200.00 matched, 120.00 paid; refunding 100.00 of o1 takes its 80.00 unpaid part first
    // (most recent first), then 20.00 paid → −2.00; the partner leg gets 100.00 back.
    expect(result.lines).toEqual([
      { to: "A", bonus: "binary", source: "W1", cents: 1200 },
      { to: "A", bonus: "binary", source: "r1", cents: -200 },
    ])
    expect(result.carry).toEqual({ A: { left: 0, right: 10000 } })
  })

  it("clawback_restore keeps a refunded order's place among other orders' volume, oldest first", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] },
      members,
      events: [
        { type: "order", id: "o1", buyer: "B", cv: 5000 },
        { type: "order", id: "o2", buyer: "B", cv: 5000 },
        { type: "order", id: "o3", buyer: "B", cv: 5000 },
        { type: "order", id: "o4", buyer: "C", cv: 8000 },
        { type: "close_period", period: "W1" },
        { type: "refund", id: "r1", order: "o2", cv: 5000 },
        { type: "order", id: "o5", buyer: "C", cv: 1000 },
        { type: "close_period", period: "W2" },
      ],
    })
    // W1 pairs 80.00: left consumes o1 50.00 then o2 30.00. r1 takes o2's unpaired 20.00, claws
    // back 30.00 paid (−3.00) and restores 30.00 on the right. W2: left o3 50.00, right 40.00.
    expect(result.lines).toEqual([
      { to: "A", bonus: "binary", source: "W1", cents: 800 },
      { to: "A", bonus: "binary", source: "r1", cents: -300 },
      { to: "A", bonus: "binary", source: "W2", cents: 400 },
    ])
    expect(result.carry).toEqual({ A: { left: 1000, right: 0 } })
  })

  it("pairs mode with over_cap carry consumes only the pairs it pays", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "binary", mode: "pairs", pair_cents: 1000, max_pairs: 2, over_cap: "carry" }] },
      members: [
        { id: "R" },
        { id: "L1", sponsor: "R", placement: { parent: "R", side: "left" } },
        { id: "L2", sponsor: "R", placement: { parent: "L1", side: "left" } },
        { id: "L3", sponsor: "R", placement: { parent: "L2", side: "left" } },
        { id: "R1", sponsor: "R", placement: { parent: "R", side: "right" } },
        { id: "R2", sponsor: "R", placement: { parent: "R1", side: "right" } },
        { id: "R3", sponsor: "R", placement: { parent: "R2", side: "right" } },
      ],
      events: [{ type: "close_period", period: "D1" }],
    })
    expect(result.lines).toEqual([{ to: "R", bonus: "binary", source: "D1", cents: 2000 }])
    expect(result.carry).toEqual({
      R: { left: 1, right: 1 },
      L1: { left: 2, right: 0 },
      L2: { left: 1, right: 0 },
      R1: { left: 0, right: 2 },
      R2: { left: 0, right: 1 },
    })
  })

  it("a terminated member is never paired; its volume accumulates", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] },
      members,
      events: [
        { type: "terminate", member: "A" },
        { type: "order", id: "o1", buyer: "B", cv: 1000 },
        { type: "order", id: "o2", buyer: "C", cv: 1000 },
        { type: "close_period", period: "W1" },
      ],
    })
    expect(result.lines).toEqual([])
    expect(result.carry).toEqual({ A: { left: 1000, right: 1000 } })
  })

  it("matching follows a clawback into a negative line in the next period", () => {
    const result = simulate({
      plan: {
        currency: "USD",
        components: [
          { type: "binary", rate_bp: 1000 },
          { type: "matching", on: "binary", generations_bp: [1000] },
        ],
      },
      members: [
        { id: "A" },
        { id: "B", sponsor: "A", placement: { parent: "A", side: "left" } },
        { id: "D", sponsor: "B", placement: { parent: "B", side: "left" } },
        { id: "E", sponsor: "B", placement: { parent: "B", side: "right" } },
      ],
      events: [
        { type: "order", id: "o1", buyer: "D", cv: 10000 },
        { type: "order", id: "o2", buyer: "E", cv: 10000 },
        { type: "close_period", period: "W1" },
        { type: "refund", id: "r1", order: "o1", cv: 10000 },
        { type: "close_period", period: "W2" },
      ],
    })
    expectLines(result.lines, [
      { to: "B", bonus: "binary", source: "W1", cents: 1000 },
      { to: "A", bonus: "matching", level: 1, source: "W1", cents: 100 },
      { to: "B", bonus: "binary", source: "r1", cents: -1000 },
      { to: "A", bonus: "matching", level: 1, source: "W2", cents: -100 },
    ])
    expect(result.carry).toEqual({ A: { left: 10000, right: 0 }, B: { left: 0, right: 10000 } })
  })
})

describe("matrix completion", () => {
  it("is paid once, never to a terminated member, sourced by the member filling the last position", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "matrix", width: 2, depth: 1, levels_bp: [100], completion_bonus_cents: 700 }] },
      members: [{ id: "A", status: "terminated" }, { id: "B", sponsor: "A" }, { id: "C", sponsor: "A" }],
      events: [
        { type: "join", member: { id: "D", sponsor: "B" } },
        { type: "join", member: { id: "E", sponsor: "B" } },
        { type: "join", member: { id: "F", sponsor: "A" } },
      ],
    })
    expect(result.lines).toEqual([{ to: "B", bonus: "matrix_completion", source: "E", cents: 700 }])
    expect(result.placements).toEqual({
      B: { parent: "A", slot: 1 },
      C: { parent: "A", slot: 2 },
      D: { parent: "B", slot: 1 },
      E: { parent: "B", slot: 2 },
      F: { parent: "C", slot: 1 },
    })
  })
})

describe("boards", () => {
  const plan = { currency: "USD", components: [{ type: "board", width: 2, depth: 1, cycle_bonus_cents: 500, reentry_fee_cents: 100 }] }

  it("re-enters a cycled top before the next joiner, cascading", () => {
    const result = simulate({
      plan,
      members: [],
      events: ["T", "a", "b", "c"].map((id) => ({ type: "join", member: { id } })),
    })
    expectLines(result.lines, [
      { to: "T", bonus: "board_cycle", source: "B1", cents: 500 },
      { to: "T", bonus: "board_reentry_fee", source: "B1", cents: -100 },
      { to: "a", bonus: "board_cycle", source: "B2", cents: 500 },
      { to: "a", bonus: "board_reentry_fee", source: "B2", cents: -100 },
    ])
    expect(result.boards).toEqual([
      { id: "B3", seats: ["b", "a", null] },
      { id: "B4", seats: ["T", null, null] },
      { id: "B5", seats: ["c", null, null] },
    ])
  })

  it("a terminated top earns nothing and does not re-enter, but the board still splits", () => {
    const result = simulate({
      plan,
      members: [{ id: "T", status: "terminated" }],
      events: ["a", "b", "c"].map((id) => ({ type: "join", member: { id } })),
    })
    expect(result.lines).toEqual([])
    expect(result.boards).toEqual([
      { id: "B2", seats: ["a", "c", null] },
      { id: "B3", seats: ["b", null, null] },
    ])
  })
})

describe("stair-step and pool", () => {
  it("a terminated member earns nothing and its rate does not count as paid below", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "stair_step", steps: [{ min_pgv: 0, rate_bp: 500 }, { min_pgv: 10000, rate_bp: 1000 }] }] },
      members: [{ id: "A" }, { id: "B", sponsor: "A", status: "terminated" }, { id: "C", sponsor: "B" }],
      events: [
        { type: "adjust_pv", member: "B", pv: 5000 },
        { type: "adjust_pv", member: "C", pv: 10000 },
        { type: "close_period", period: "M1" },
      ],
    })
    expectLines(result.lines, [
      { to: "C", bonus: "stair_step", source: "M1", cents: 1000 },
      { to: "A", bonus: "stair_step", source: "M1", cents: 500 },
    ])
  })

  it("a pool uses the period's net CV and drops terminated shares", () => {
    const result = simulate({
      plan: { currency: "USD", components: [{ type: "pool", rate_bp: 1000, shares: { C: 1, B: 1, A: 1 } }] },
      members: [{ id: "A" }, { id: "B", sponsor: "A", status: "terminated" }, { id: "C", sponsor: "A" }],
      events: [
        { type: "order", id: "o1", buyer: "A", cv: 10000 },
        { type: "refund", id: "r1", order: "o1", cv: 1000 },
        { type: "close_period", period: "P1" },
        { type: "order", id: "o2", buyer: "A", cv: 2010 },
        { type: "refund", id: "r2", order: "o1", cv: 1000 },
        { type: "close_period", period: "P2" },
      ],
    })
    expectLines(result.lines, [
      { to: "A", bonus: "pool", source: "P1", cents: 450 },
      { to: "C", bonus: "pool", source: "P1", cents: 450 },
      { to: "A", bonus: "pool", source: "P2", cents: 101 },
      { to: "C", bonus: "pool", source: "P2", cents: 100 },
    ])
  })
})

describe("a 100,000-deep sponsor chain", () => {
  it("replays per-order walks and period passes without recursion", () => {
    const depth = 100_000
    const members = Array.from({ length: depth }, (_, i) => (i === 0 ? { id: "M0" } : { id: `M${i}`, sponsor: `M${i - 1}` }))
    const result = simulate({
      plan: {
        currency: "USD",
        activity: { min_pv: 100 },
        ranks: [{ name: "gold", min_gv: 10000 }],
        components: [
          { type: "unilevel", levels_bp: [1000, 500, 300] },
          { type: "binary", placement: "extreme_left", rate_bp: 1000 },
          { type: "stair_step", steps: [{ min_pgv: 0, rate_bp: 100 }] },
        ],
      },
      members,
      events: [
        { type: "adjust_pv", member: "M0", pv: 100 },
        { type: "order", id: "o1", buyer: `M${depth - 1}`, cv: 10000 },
        { type: "close_period", period: "P1" },
      ],
    })
    expectLines(result.lines, [
      { to: "M0", bonus: "unilevel", level: 1, source: "o1", cents: 1000 },
      { to: `M${depth - 1}`, bonus: "stair_step", source: "P1", cents: 100 },
      { to: "M0", bonus: "stair_step", source: "P1", cents: 1 },
    ])
    expect(Object.keys(result.carry!)).toHaveLength(depth - 1)
    expect(result.carry!.M0).toEqual({ left: 10000, right: 0 })
    expect(Object.keys(result.placements!)).toHaveLength(depth - 1)
    expect(result.placements![`M${depth - 1}`]).toEqual({ parent: `M${depth - 2}`, side: "left" })
    expect(Object.values(result.ranks!).filter((rank) => rank === "gold")).toHaveLength(depth)
  }, 60_000)
})
