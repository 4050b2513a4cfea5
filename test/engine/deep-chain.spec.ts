// simulate() on a 100,000-deep chain: unilevel dynamic compression over long runs of inactive
// members (with a termination and a mid-period activation), and binary volume reaching every
// placement ancestor. Every figure below is worked out from the spec's rules in the comments;
// how fast this runs is measured by `npm run bench:engine`, not here.
import { simulate, type Line } from "../../src/engine"

const DEPTH = 100_000
const id = (prefix: string, i: number) => `${prefix}${i}`

const centsTo = (lines: Line[], to: string) => lines.filter((line) => line.to === to).reduce((sum, line) => sum + line.cents, 0)
const totalCents = (lines: Line[]) => lines.reduce((sum, line) => sum + line.cents, 0)

describe("100,000-deep sponsor chain, unilevel dynamic compression", () => {
  // m0 ← m1 ← … ← m99999; min_pv 5000; only every 1000th member is active (adjust_pv 5000).
  // Each member orders cv 100 in index order, except m50500 which orders 5000 and so becomes
  // active by its own order; m1000 is terminated right after o1500.
  const events: object[] = []
  for (let k = 0; k < 100; k++) events.push({ type: "adjust_pv", member: id("m", k * 1000), pv: 5000 })
  for (let i = 0; i < DEPTH; i++) {
    events.push({ type: "order", id: id("o", i), buyer: id("m", i), cv: i === 50500 ? 5000 : 100 })
    if (i === 1500) events.push({ type: "terminate", member: "m1000" })
  }
  const result = simulate({
    plan: {
      currency: "USD",
      activity: { min_pv: 5000 },
      components: [{ type: "unilevel", levels_bp: [1000, 500, 300], compression: "dynamic" }],
    },
    members: Array.from({ length: DEPTH }, (_, i) => (i === 0 ? { id: "m0" } : { id: id("m", i), sponsor: id("m", i - 1) })),
    events,
  })

  it("pays the nearest active uplines, however many inactive members lie between", () => {
    // Buyer b's payees are the nearest active members above it, up to 3 (10 + 5 + 3 cents on 100):
    //   1..1000: m0 only → 1 line            1001..1500: m1000, m0 → 2
    //   1501..2000: m0 (m1000 terminated) → 1 2001..3000: m2000, m0 → 2
    //   3001..99999: 3 lines (96,999 buyers); m0 buys with no upline.
    // Lines: 1000 + 1000 + 500 + 2000 + 290,997 = 295,497.
    expect(result.lines).toHaveLength(295_497)
    expect(result.lines.every((line) => line.bonus === "unilevel" && line.level! <= 3)).toBe(true)
    // Cents: 10,000 + 7,500 + 5,000 + 15,000 + 96,999 × 18 = 1,783,482, and o50500 pays
    // 500 + 250 + 150 = 900 instead of 18: 1,784,364.
    expect(totalCents(result.lines)).toBe(1_784_364)
  })

  it("skips a member terminated mid-period from then on", () => {
    // m1000: level 1 of buyers 1001..1500 only.
    expect(centsTo(result.lines, "m1000")).toBe(500 * 10)
    // m0: level 1 of 1..1000 and 1501..2000, level 2 of 1001..1500 and 2001..3000, level 3 of 3001..4000.
    expect(centsTo(result.lines, "m0")).toBe(1000 * 10 + 500 * 5 + 500 * 10 + 1000 * 5 + 1000 * 3)
  })

  it("pays a member that became active by its own order on every later order", () => {
    // m50500 is active from o50500 on: level 1 of 50501..51000, level 2 of 51001..52000,
    // level 3 of 52001..53000.
    const lines = result.lines.filter((line) => line.to === "m50500")
    expect(lines).toHaveLength(500 + 1000 + 1000)
    expect(centsTo(result.lines, "m50500")).toBe(500 * 10 + 1000 * 5 + 1000 * 3)
    // m50000: level 1 of 50001..50499 and of o50500 (10 % of 5000), level 2 of 50501..51000,
    // level 3 of 51001..52000.
    expect(centsTo(result.lines, "m50000")).toBe(499 * 10 + 500 + 500 * 5 + 1000 * 3)
  })
})

describe("100,000-deep placement chain, binary volume", () => {
  // s0, s1, … s99999 each sponsor the next and are placed by extreme_left: a left spine. Leaf
  // rk is placed right of s(1000k), k = 0..99. Every spine member orders cv 100, every leaf
  // 1,000,000; then W1 closes at 10 %, and 100 of o99999 is refunded with negative_carry.
  const members: object[] = Array.from({ length: DEPTH }, (_, i) => (i === 0 ? { id: "s0" } : { id: id("s", i), sponsor: id("s", i - 1) }))
  for (let k = 0; k < 100; k++) members.push({ id: id("r", k), sponsor: id("s", k * 1000), placement: { parent: id("s", k * 1000), side: "right" } })
  const events: object[] = []
  for (let i = 0; i < DEPTH; i++) events.push({ type: "order", id: id("o", i), buyer: id("s", i), cv: 100 })
  for (let k = 0; k < 100; k++) events.push({ type: "order", id: id("leaf", k), buyer: id("r", k), cv: 1_000_000 })
  events.push({ type: "close_period", period: "W1" })
  events.push({ type: "refund", id: "back", order: "o99999", cv: 100 })
  const result = simulate({
    plan: { currency: "USD", components: [{ type: "binary", rate_bp: 1000, placement: "extreme_left", refund: "negative_carry" }] },
    members,
    events,
  })

  it("places the spine on the left", () => {
    expect(Object.keys(result.placements!)).toHaveLength(DEPTH - 1)
    expect(result.placements!.s99999).toEqual({ parent: "s99998", side: "left" })
  })

  it("pairs each s(1000k) against its leaf", () => {
    // s(1000k) has right = 1,000,000 and left = 100 × (99999 − 1000k) + 1,000,000 × (99 − k):
    // for k ≤ 98 the left is larger, matched 1,000,000 → 100,000 cents; s99000 has left 99,900
    // → 9,990 cents. Nobody else has a right leg.
    const expected = Array.from({ length: 100 }, (_, k) => ({ to: id("s", k * 1000), bonus: "binary", source: "W1", cents: k < 99 ? 100_000 : 9_990 }))
    expect(result.lines).toHaveLength(100)
    expect([...result.lines].sort((a, b) => a.to.localeCompare(b.to))).toEqual(expected.sort((a, b) => a.to.localeCompare(b.to)))
  })

  it("leaves every ancestor's carry exact", () => {
    const carry = result.carry!
    // The refund takes 100 from the left leg of s0..s99998, so s99998 (100 − 100) joins s99999
    // and the leaves at 0/0; s0..s99997 keep a leg (s99000's left is 99,900 − 99,900 − 100).
    expect(Object.keys(carry)).toHaveLength(DEPTH - 2)
    expect(carry.s99998).toBeUndefined()
    expect(carry.s99997).toEqual({ left: 100, right: 0 })
    // s0: 100 × 99,999 + 99 × 1,000,000 − 1,000,000 paired − 100 refunded.
    expect(carry.s0).toEqual({ left: 107_999_800, right: 0 })
    expect(carry.s99000).toEqual({ left: -100, right: 900_100 })
    expect(carry.s98999).toEqual({ left: 100 * 1000 + 1_000_000 - 100, right: 0 })
    // Left legs of s0..s99998: Σ 100 × (99999 − j) = 499,995,000,000, plus each leaf's
    // 1,000,000 in the 1000k spine members above it (Σ 1000k × 1,000,000 = 4,950,000,000,000),
    // minus what pairing consumed (99 × 1,000,000 + 99,900) and the refund (99,999 × 100).
    const sum = (side: "left" | "right") => Object.values(carry).reduce((total, legs) => total + legs[side], 0)
    expect(sum("left")).toBe(499_995_000_000 + 4_950_000_000_000 - 99_099_900 - 9_999_900)
    expect(sum("right")).toBe(100 * 1_000_000 - 99_099_900)
  })
})

describe("100,000-deep placement chain, binary pairs mode", () => {
  // The same spine and leaves as above, in pairs mode: each joiner is one unit on its side of
  // every placement ancestor; W1 closes at 700 cents a pair.
  const members: object[] = Array.from({ length: DEPTH }, (_, i) => (i === 0 ? { id: "s0" } : { id: id("s", i), sponsor: id("s", i - 1) }))
  for (let k = 0; k < 100; k++) members.push({ id: id("r", k), sponsor: id("s", k * 1000), placement: { parent: id("s", k * 1000), side: "right" } })
  const result = simulate({
    plan: { currency: "USD", components: [{ type: "binary", mode: "pairs", pair_cents: 700, placement: "extreme_left" }] },
    members,
    events: [{ type: "close_period", period: "W1" }],
  })

  it("pairs each s(1000k) once and keeps every other unit", () => {
    // s(1000k) has 1 right unit (its leaf) and 99999 − 1000k spine units + 99 − k leaves on the left.
    expect(result.lines).toHaveLength(100)
    expect(totalCents(result.lines)).toBe(100 * 700)
    expect(result.lines.every((line) => /^s\d*000$|^s0$/.test(line.to) && line.cents === 700)).toBe(true)
    const carry = result.carry!
    // s0..s99998 keep left units; s99999 and the leaves have none.
    expect(Object.keys(carry)).toHaveLength(DEPTH - 1)
    expect(carry.s0).toEqual({ left: 99_999 + 99 - 1, right: 0 })
    expect(carry.s99000).toEqual({ left: 999 - 1, right: 0 })
    expect(carry.s99998).toEqual({ left: 1, right: 0 })
    // Σ (99999 − j) over j = 0..99998, plus each leaf k counted by the 1000k spine members
    // above it, minus one left unit per pair.
    const left = Object.values(carry).reduce((total, legs) => total + legs.left, 0)
    expect(left).toBe(4_999_950_000 + 4_950_000 - 100)
  })
})
