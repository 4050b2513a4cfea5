import fc from "fast-check"
import { simulate } from "../../../../../../engine"
import { legCapOf, rankCard, type RankRequirement, type RankVolumes } from "../rank-progress"

const volumes = (overrides: Partial<RankVolumes> = {}): RankVolumes => ({
  pvMinor: 0,
  gvMinor: 0,
  legsWithVolume: 0,
  largestLeg: null,
  capped: new Map(),
  ...overrides,
})

describe("legCapOf", () => {
  it("splits min_gv × share / 10000 into whole units and 1/10000ths, exactly", () => {
    expect(legCapOf({ name: "gold", min_gv: 10001, max_leg_share_bp: 3333 })).toEqual({ wholeMinor: 3333, fractionBp: 3333 })
    expect(legCapOf({ name: "gold", min_gv: 20000, max_leg_share_bp: 5000 })).toEqual({ wholeMinor: 10000, fractionBp: 0 })
    expect(legCapOf({ name: "gold", min_gv: 20000 })).toBeNull()
    // Beyond 2^53 as a product: BigInt keeps it exact.
    expect(legCapOf({ name: "max", min_gv: Number.MAX_SAFE_INTEGER, max_leg_share_bp: 9999 })).toEqual({
      wholeMinor: Number((BigInt(Number.MAX_SAFE_INTEGER) * 9999n) / 10000n),
      fractionBp: Number((BigInt(Number.MAX_SAFE_INTEGER) * 9999n) % 10000n),
    })
  })
})

describe("rankCard", () => {
  const ranks: RankRequirement[] = [
    { name: "bronze", min_pv: 5000 },
    { name: "silver", min_pv: 5000, min_gv: 20000 },
    { name: "gold", min_pv: 5000, min_gv: 10001, max_leg_share_bp: 3333 },
  ]

  it("reports each requirement with what is missing, the rank reached and the next one", () => {
    // Caps for gold: 3333 + 3333/10000 per leg. Two legs above it: 3333 × 2 + 0.6666 counted.
    const card = rankCard(ranks, "bronze", volumes({ pvMinor: 3000, gvMinor: 23000, legsWithVolume: 2, capped: new Map([[2, { wholeMinor: 6666, legs: 2 }]]) }))

    expect(card.current_rank).toBe("bronze")
    expect(card.next_rank).toBe("silver")
    expect(card.qualified_rank).toBeNull()
    expect(card.ranks).toEqual([
      {
        name: "bronze",
        requirements: { min_pv: 5000, min_gv: null, max_leg_share_bp: null },
        pv: { required_minor: 5000, actual_minor: 3000, missing_minor: 2000, met: false },
        gv: null,
        met: false,
        is_current: true,
      },
      {
        name: "silver",
        requirements: { min_pv: 5000, min_gv: 20000, max_leg_share_bp: null },
        pv: { required_minor: 5000, actual_minor: 3000, missing_minor: 2000, met: false },
        gv: { required_minor: 20000, counted_minor: 23000, leg_cap_minor: null, missing_minor: 0, met: true },
        met: false,
        is_current: false,
      },
      {
        name: "gold",
        requirements: { min_pv: 5000, min_gv: 10001, max_leg_share_bp: 3333 },
        pv: { required_minor: 5000, actual_minor: 3000, missing_minor: 2000, met: false },
        // 3000 + 6666 + 2 × 0.3333 = 9666.6666: 334.3334 short, so 335 more counted volume.
        gv: { required_minor: 10001, counted_minor: 9666, leg_cap_minor: 3333, missing_minor: 335, met: false },
        met: false,
        is_current: false,
      },
    ])
  })

  it("compares a fractional leg cap exactly: 0.0001 short is not met", () => {
    const rank = [{ name: "gold", min_gv: 10001, max_leg_share_bp: 3333 }]
    // Three capped legs: 3 × 3333.3333 = 9999.9999, plus 1 own PV = 10000.9999 < 10001.
    const short = rankCard(rank, null, volumes({ pvMinor: 1, capped: new Map([[0, { wholeMinor: 9999, legs: 3 }]]) }))
    const enough = rankCard(rank, null, volumes({ pvMinor: 2, capped: new Map([[0, { wholeMinor: 9999, legs: 3 }]]) }))

    expect(short.ranks[0].gv).toEqual({ required_minor: 10001, counted_minor: 10000, leg_cap_minor: 3333, missing_minor: 1, met: false })
    expect(enough.ranks[0].gv).toEqual({ required_minor: 10001, counted_minor: 10001, leg_cap_minor: 3333, missing_minor: 0, met: true })
    expect([short.qualified_rank, enough.qualified_rank]).toEqual([null, "gold"])
  })

  it("names the largest leg with its share of the group volume in basis points, rounded down", () => {
    const card = rankCard([], null, volumes({ pvMinor: 1000, gvMinor: 3000, legsWithVolume: 1, largestLeg: { distributorId: "d1", referralCode: "CODE1", gvMinor: 2000 } }))
    expect(card.volumes).toEqual({
      pv_minor: 1000,
      gv_minor: 3000,
      legs_with_volume: 1,
      largest_leg: { distributor_id: "d1", referral_code: "CODE1", gv_minor: 2000, share_bp: 6666 },
    })
    expect([card.next_rank, card.qualified_rank, card.ranks]).toEqual([null, null, []])
  })

  it("treats a rank the plan does not name as none: the next rank is the first", () => {
    const card = rankCard(ranks, "diamond", volumes())
    expect([card.next_rank, card.ranks.some((rank) => rank.is_current)]).toEqual(["bronze", false])
  })
})

/**
 * The card's rank is the one a period run would give: the same network through simulate()
 * (spec "ranks"), and through volumes summed the way the SQL sums them (own PV, GV of the whole
 * downline, per frontline leg min(leg GV, whole cap) and the count of legs above it).
 */
describe("rankCard agrees with simulate() on random networks", () => {
  const rankArb = fc.record({
    min_pv: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    gv: fc.option(fc.record({ min_gv: fc.integer({ min: 0, max: 20000 }), share: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: undefined }) }), { nil: undefined }),
  })
  const networkArb = fc.record({
    sponsors: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
    orders: fc.array(fc.record({ buyer: fc.nat(), cv: fc.integer({ min: 1, max: 4000 }) }), { maxLength: 25 }),
    ranks: fc.array(rankArb, { minLength: 1, maxLength: 4 }),
  })

  it("for every member of the network", () => {
    fc.assert(
      fc.property(networkArb, ({ sponsors, orders, ranks: rankSpecs }) => {
        const size = sponsors.length + 1
        const sponsor = [-1, ...sponsors.map((s, i) => s % (i + 1))]
        const ranks: RankRequirement[] = rankSpecs.map((spec, i) => ({
          name: `r${i}`,
          ...(spec.min_pv !== undefined ? { min_pv: spec.min_pv } : {}),
          ...(spec.gv ? { min_gv: spec.gv.min_gv, ...(spec.gv.share !== undefined ? { max_leg_share_bp: spec.gv.share } : {}) } : {}),
        }))
        const pv = new Array<number>(size).fill(0)
        for (const order of orders) pv[order.buyer % size] += order.cv
        const result = simulate({
          plan: { currency: "USD", ranks, components: [] },
          members: sponsor.map((s, i) => (s < 0 ? { id: `m${i}` } : { id: `m${i}`, sponsor: `m${s}` })),
          events: [
            ...orders.map((order, i) => ({ type: "order", id: `o${i}`, buyer: `m${order.buyer % size}`, cv: order.cv })),
            { type: "close_period", period: "P1" },
          ],
        })
        const gv = pv.slice()
        for (let m = size - 1; m > 0; m--) gv[sponsor[m]] += gv[m]
        for (let m = 0; m < size; m++) {
          const legs = sponsor.map((s, i) => (s === m ? gv[i] : null)).filter((v): v is number => v !== null && v > 0)
          const capped = new Map<number, { wholeMinor: number; legs: number }>()
          ranks.forEach((rank, index) => {
            const cap = legCapOf(rank)
            if (!cap) return
            const wholeMinor = legs.reduce((sum, leg) => sum + Math.min(leg, cap.wholeMinor), 0)
            capped.set(index, { wholeMinor, legs: legs.filter((leg) => leg > cap.wholeMinor).length })
          })
          const card = rankCard(ranks, null, volumes({ pvMinor: pv[m], gvMinor: gv[m], legsWithVolume: legs.length, capped }))
          expect({ member: m, rank: card.qualified_rank }).toEqual({ member: m, rank: result.ranks?.[`m${m}`] ?? null })
        }
      }),
      { numRuns: 300 }
    )
  })
})
