// Hand-computed period runs with exact cents, bases and rates, each also run through the replay
// so the figures and the engine agree; plus the inputs the batch refuses.
import { parsePlan, simulate, type Plan, type SimulationResult } from "../../../src/engine"
import {
  BatchInputError,
  NO_PARENT,
  PERIOD_BONUSES,
  computePeriodBatch,
  emptyCarry,
  type BatchNetwork,
  type PeriodBatchInput,
  type PeriodLines,
} from "../../../src/engine/batch"

/** Members A, B, C, … by index; `sponsor` and `placement` name earlier members by letter. */
function network(rows: { sponsor?: string; placement?: [string, "left" | "right"]; pv?: number; terminated?: boolean }[]): BatchNetwork {
  const index = (letter: string) => letter.charCodeAt(0) - 65
  const size = rows.length
  const net = {
    size,
    sponsorIdx: new Int32Array(size).fill(NO_PARENT),
    placementParentIdx: new Int32Array(size).fill(NO_PARENT),
    placementSide: new Uint8Array(size),
    terminated: new Uint8Array(size),
    rankIdx: new Int8Array(size).fill(-1),
    pvMinor: new Float64Array(size),
  }
  rows.forEach((row, v) => {
    if (row.sponsor) net.sponsorIdx[v] = index(row.sponsor)
    if (row.placement) {
      net.placementParentIdx[v] = index(row.placement[0])
      net.placementSide[v] = row.placement[1] === "left" ? 0 : 1
    }
    net.terminated[v] = row.terminated ? 1 : 0
    net.pvMinor[v] = row.pv ?? 0
  })
  return net
}

const letter = (v: number) => String.fromCharCode(65 + v)

/** Rows as `to bonus[level] cents base@rate`, sorted, for readable exact assertions. */
function rows(lines: PeriodLines): string[] {
  const out: string[] = []
  for (let r = 0; r < lines.count; r++) {
    const level = lines.level[r] === 0 ? "" : `[${lines.level[r]}]`
    out.push(`${letter(lines.toIdx[r])} ${PERIOD_BONUSES[lines.bonus[r]]}${level} ${lines.cents[r]} ${lines.baseMinor[r]}@${lines.rateBp[r]}`)
  }
  return out.sort()
}

/** The same close as a document: PV by adjust_pv, terminations by status. */
function replay(plan: unknown, net: BatchNetwork): SimulationResult {
  const members = Array.from({ length: net.size }, (_, v) => ({
    id: letter(v),
    ...(net.sponsorIdx[v] === NO_PARENT ? {} : { sponsor: letter(net.sponsorIdx[v]) }),
    ...(net.terminated[v] ? { status: "terminated" } : {}),
  }))
  const events = [
    ...Array.from(net.pvMinor, (pv, v) => ({ type: "adjust_pv", member: letter(v), pv })),
    { type: "close_period", period: "W1" },
  ]
  return simulate({ plan, members, events })
}

function replayLines(plan: unknown, net: BatchNetwork): string[] {
  return replay(plan, net).lines.map((l) => `${l.to} ${l.bonus}${l.level ? `[${l.level}]` : ""} ${l.cents}`).sort()
}

const withoutBase = (row: string) => row.replace(/ \S+@\d+$/, "")

describe("computePeriodBatch, hand-computed", () => {
  // A ← B ← C, A ← D ← E ← F (F terminated). Steps 5 % from 0, 10 % from 10,000, 15 % (the
  // breakaway rate) from 30,000. C: 12,005 → 10 %; B: 5,000 + 12,005 = 17,005 → 10 %;
  // F: terminated, rate 0; E: 2,000 + 4,000 = 6,000 → 5 %; D: 30,000 + 6,000 = 36,000 → 15 %,
  // a breakaway; A: 13,000 + 17,005 = 30,005 → 15 %, a breakaway (D's group left out).
  const stairPlan = {
    currency: "USD",
    components: [
      {
        type: "stair_step",
        steps: [{ min_pgv: 0, rate_bp: 500 }, { min_pgv: 10000, rate_bp: 1000 }, { min_pgv: 30000, rate_bp: 1500 }],
        breakaway_rate_bp: 1500,
        generations_bp: [500],
      },
      { type: "matching", on: "stair_step", generations_bp: [1000, 500] },
    ],
  }
  const stairNet = network([
    { pv: 13000 },
    { sponsor: "A", pv: 5000 },
    { sponsor: "B", pv: 12005 },
    { sponsor: "A", pv: 30000 },
    { sponsor: "D", pv: 2000 },
    { sponsor: "E", pv: 4000, terminated: true },
  ])

  it("pays stair-step differentials, a generation bonus and matching on the stair-step's pay", () => {
    const result = computePeriodBatch(parsePlan(stairPlan), { network: stairNet })
    expect(rows(result.lines)).toEqual([
      "A generation[1] 1800 36000@500", // D's group 36,000 × 5 %
      "A matching[1] 560 5600@1000", // A's generation 1 was paid B 500 + D 5,100
      "A matching[2] 75 1501@500", // generation 2: C 1,201 + E 300 → 75.05
      "A stair_step 2800 30005@1500", // 13,000 × 15 % + B's group 17,005 × (15 − 10) % = 1,950 + 850.25
      "B matching[1] 120 1201@1000", // 120.1
      "B stair_step 500 17005@1000", // own 5,000 × 10 %; C's volume already at 10 %
      "C stair_step 1201 12005@1000", // 1,200.5, half_up
      "D matching[1] 30 300@1000",
      "D stair_step 5100 36000@1500", // 30,000 × 15 % + E's group 6,000 × (15 − 5) %
      "E stair_step 300 6000@500", // F's volume counts, F earns nothing
    ])
    expect(rows(result.lines).map(withoutBase)).toEqual(replayLines(stairPlan, stairNet))
  })

  it("rounds a tie to even under half_even", () => {
    const plan = { ...stairPlan, rounding: "half_even" }
    const result = computePeriodBatch(parsePlan(plan), { network: stairNet })
    expect(rows(result.lines)).toContain("C stair_step 1200 12005@1000")
    expect(rows(result.lines).map(withoutBase)).toEqual(replayLines(plan, stairNet))
  })

  it("stays exact when a differential's numerator passes 2^53", () => {
    const plan = { currency: "USD", components: [{ type: "stair_step", steps: [{ min_pgv: 0, rate_bp: 333 }, { min_pgv: 5e14, rate_bp: 2501 }] }] }
    const net = network([{ pv: 400_000_000_000_003 }, { sponsor: "A", pv: 400_000_000_000_015 }])
    // B: 400,000,000,000,015 × 3.33 % = 13,320,000,000,000.4995 (a double would say .5 and round
    // up); A: 400,000,000,000,003 × 25.01 % + 400,000,000,000,015 × 21.68 %
    // = 100,040,000,000,000.7503 + 86,720,000,000,003.252 = 186,760,000,000,004.0023.
    expect(rows(computePeriodBatch(parsePlan(plan), { network: net }).lines)).toEqual([
      "A stair_step 186760000000004 800000000000018@2501",
      "B stair_step 13320000000000 400000000000015@333",
    ])
    expect(rows(computePeriodBatch(parsePlan(plan), { network: net }).lines).map(withoutBase)).toEqual(replayLines(plan, net))
  })

  // R with L on its left and T on its right; R carries 3,000 on the left into the period.
  // Legs: 13,000 and 25,000, matched 13,000; the cap of 12.00 pays for 12,000 of it.
  const binaryNet = network([{}, { sponsor: "A", placement: ["A", "left"] }, { sponsor: "A", placement: ["A", "right"] }])
  const binaryInput = (overCap: string): [Plan, PeriodBatchInput] => {
    const carryIn = emptyCarry(3)
    carryIn.left[0] = 3000
    const plan = parsePlan({ currency: "USD", components: [{ type: "binary", rate_bp: 1000, cap_cents: 1200, over_cap: overCap }] })
    return [plan, { network: binaryNet, ownCvMinor: Float64Array.of(0, 10000, 25000), carryIn }]
  }

  it.each([
    ["carry", 1000, 13000],
    ["flush", 0, 12000],
  ])("caps binary with over_cap %s, line base = matched volume", (overCap, left, right) => {
    const result = computePeriodBatch(...binaryInput(overCap))
    expect(rows(result.lines)).toEqual(["A binary 1200 13000@1000"])
    expect(Array.from(result.carry!.left)).toEqual([left, 0, 0])
    expect(Array.from(result.carry!.right)).toEqual([right, 0, 0])
  })

  it("splits a pool by largest remainder, ties to the earliest joiner, terminated and unknown ids out", () => {
    const net = network([{}, { sponsor: "A" }, { sponsor: "A" }, { sponsor: "A", terminated: true }])
    const plan = parsePlan({ currency: "USD", components: [{ type: "pool", rate_bp: 1000, shares: { B: 1, C: 1, A: 1, D: 5, Z: 9 } }] })
    // 10 % of 1,004 = 100.4 → 100 over three equal shares: 33 each and one cent left over.
    const input = { network: net, periodCvMinor: 1004, memberIndexOf: (id: string) => (id === "Z" ? -1 : id.charCodeAt(0) - 65) }
    expect(rows(computePeriodBatch(plan, input).lines)).toEqual(["A pool 34 1004@1000", "B pool 33 1004@1000", "C pool 33 1004@1000"])
    // C joined first (join order C, B, A, D): the cent is C's.
    const joinOrder = Int32Array.of(2, 1, 0, 3)
    expect(rows(computePeriodBatch(plan, { ...input, joinOrder }).lines)).toEqual(["A pool 33 1004@1000", "B pool 33 1004@1000", "C pool 34 1004@1000"])
  })

  it("compares a leg-share rank requirement exactly (cap 5,000.5 per leg)", () => {
    const ranks = [{ name: "bronze", min_pv: 100 }, { name: "silver", min_gv: 10001, max_leg_share_bp: 5000 }]
    const plan = { currency: "USD", ranks, components: [] }
    // A's legs: B 8,000 counts 5,000.5; C's leg (C and D) counts all of it up to 5,000.5.
    const net = (cPv: number) => network([{ pv: 0 }, { sponsor: "A", pv: 8000 }, { sponsor: "A", pv: cPv }, { sponsor: "C", pv: 100 }])
    const ranked = (cPv: number) => Array.from(computePeriodBatch(parsePlan(plan), { network: net(cPv) }).rankIdx)
    expect(ranked(4900)).toEqual([-1, 0, 0, 0]) // 5,000.5 + 5,000 = 10,000.5 < 10,001
    expect(ranked(4901)).toEqual([1, 0, 0, 0]) // 5,000.5 + 5,000.5 = 10,001
    expect(replay(plan, net(4900)).ranks).toEqual({ B: "bronze", C: "bronze", D: "bronze" })
    expect(replay(plan, net(4901)).ranks).toEqual({ A: "silver", B: "bronze", C: "bronze", D: "bronze" })
  })

  it.each([
    ["half_up", -3],
    ["half_even", -2],
  ])("matches a per-order component's pay, negative sums included (%s)", (rounding, cents) => {
    const plan = parsePlan({
      currency: "USD",
      rounding,
      components: [{ type: "unilevel", levels_bp: [1000] }, { type: "matching", on: "unilevel", generations_bp: [500, 2500] }],
    })
    // A ← B ← C, A ← D. Generation 1 of A: B −80 + D 30 = −50 → −2.5; of B: C 12 → 0.6.
    const net = network([{}, { sponsor: "A" }, { sponsor: "B" }, { sponsor: "A" }])
    const result = computePeriodBatch(plan, { network: net, paidInPeriodMinor: { unilevel: Float64Array.of(7, -80, 12, 30) } })
    expect(rows(result.lines)).toEqual([`A matching[1] ${cents} -50@500`, "A matching[2] 3 12@2500", "B matching[1] 1 12@500"])
  })

  // A chain of 100,000 members, each sponsored and placed on the left by the one before it, with
  // 100 PV and 100 CV each. The passes are loops over indices, so depth costs nothing extra.
  it("runs a 100,000-deep chain in linear passes", () => {
    const size = 100_000
    const chain: BatchNetwork = {
      size,
      sponsorIdx: Int32Array.from({ length: size }, (_, v) => v - 1),
      placementParentIdx: Int32Array.from({ length: size }, (_, v) => v - 1),
      placementSide: new Uint8Array(size),
      terminated: new Uint8Array(size),
      rankIdx: new Int8Array(size).fill(-1),
      pvMinor: new Float64Array(size).fill(100),
    }
    const plan = parsePlan({
      currency: "USD",
      ranks: [{ name: "deep", min_gv: 5_000_000 }],
      components: [
        { type: "binary", rate_bp: 1000 },
        { type: "stair_step", steps: [{ min_pgv: 0, rate_bp: 100 }, { min_pgv: 5_000_000, rate_bp: 200 }] },
        { type: "matching", on: "stair_step", generations_bp: [1000] },
      ],
    })
    const carryIn = emptyCarry(size)
    carryIn.right[0] = 1_000_000
    const result = computePeriodBatch(plan, { network: chain, ownCvMinor: new Float64Array(size).fill(100), carryIn })

    // GV of member v is 100 × (100,000 − v): at least 5,000,000 up to v = 50,000.
    expect(result.rankIdx[50_000]).toBe(0)
    expect(result.rankIdx[50_001]).toBe(-1)
    expect(result.rankIdx.reduce((sum, rank) => sum + (rank === 0 ? 1 : 0), 0)).toBe(50_001)

    const byBonus = (bonus: string) => {
      const found: [number, number][] = []
      for (let r = 0; r < result.lines.count; r++) {
        if (PERIOD_BONUSES[result.lines.bonus[r]] === bonus) found.push([result.lines.toIdx[r], result.lines.cents[r]])
      }
      return found
    }
    // Only the root has a right leg: min(9,999,900, 1,000,000) × 10 %.
    expect(byBonus("binary")).toEqual([[0, 100_000]])
    expect(result.carry!.left[0]).toBe(8_999_900)
    expect(result.carry!.right[0]).toBe(0)
    expect(result.carry!.left[1]).toBe(9_999_800)

    // Members above 50,000 are at 1 %: 1 cent on their own 100. Member 50,000 is the first at
    // 2 %: its own 100 × 2 % plus 1 % more on the 4,999,900 below = 2 + 49,999. Everyone above
    // earns 2 % on its own 100 only. All in all 2 % of 10,000,000.
    const stair = new Map(byBonus("stair_step"))
    expect(stair.size).toBe(size)
    expect(stair.get(99_999)).toBe(1)
    expect(stair.get(50_001)).toBe(1)
    expect(stair.get(50_000)).toBe(50_001)
    expect(stair.get(49_999)).toBe(2)
    expect(stair.get(0)).toBe(2)
    expect([...stair.values()].reduce((a, b) => a + b, 0)).toBe(200_000)
    // 10 % of a sponsored member's 1 or 2 cents rounds to 0; member 49,999's was paid 50,001.
    expect(byBonus("matching")).toEqual([[49_999, 5000]])
  })
})

describe("computePeriodBatch refuses what it cannot compute", () => {
  const net = network([{}, { sponsor: "A", placement: ["A", "left"] }])
  const binary = { type: "binary", rate_bp: 1000 }

  it.each([
    ["binary pairs mode", { components: [{ type: "binary", mode: "pairs", pair_cents: 100 }] }, {}, /components\[0\]\.mode: .*volume mode only/],
    ["binary without own CV", { components: [binary] }, { carryIn: emptyCarry(2) }, /^ownCvMinor: required by plan.components\[0\] \(binary\)$/],
    ["binary without carry", { components: [binary] }, { ownCvMinor: new Float64Array(2) }, /^carryIn: required/],
    ["pool without its CV", { components: [{ type: "pool", rate_bp: 100, shares: { A: 1 } }] }, { memberIndexOf: () => 0 }, /^periodCvMinor: required/],
    ["matching on unilevel without its pay", { components: [{ type: "unilevel", levels_bp: [100] }, { type: "matching", on: "unilevel", generations_bp: [100] }] }, {}, /^paidInPeriodMinor\.unilevel: required/],
  ])("%s", (_, components, input, message) => {
    const plan = parsePlan({ currency: "USD", ...components })
    expect(() => computePeriodBatch(plan, { network: net, ...input })).toThrow(BatchInputError)
    expect(() => computePeriodBatch(plan, { network: net, ...input })).toThrow(message)
  })

  it("a sponsor listed after its member", () => {
    const late = { ...net, sponsorIdx: Int32Array.of(1, NO_PARENT), placementParentIdx: Int32Array.of(NO_PARENT, NO_PARENT) }
    expect(() => computePeriodBatch(parsePlan({ currency: "USD", components: [] }), { network: late })).toThrow("network.sponsorIdx[0]: 1 must be an earlier member")
  })

  it("PV that is not a whole number of minor units, or sums past 2^53", () => {
    const plan = parsePlan({ currency: "USD", components: [] })
    expect(() => computePeriodBatch(plan, { network: { ...net, pvMinor: Float64Array.of(1.5, 0) } })).toThrow("network.pvMinor[0]: must be an integer >= 0")
    expect(() => computePeriodBatch(plan, { network: { ...net, pvMinor: Float64Array.of(2 ** 52, 2 ** 52) } })).toThrow("total PV exceeds 2^53")
  })
})
