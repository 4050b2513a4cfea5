// The batch unilevel rounds each line in one float division (order-lines.ts's `lineCents`). It must give
// money.ts's exact value for every CV an OrderBatch can hold (0 .. 2^31-1) and every rate
// (0 .. 10000 bp), ties included, in both rounding modes, and post no zero-cent line.
import fc from "fast-check"
import { applyRateBp, type Rounding } from "../../../src/engine/money"
import { computeUnilevelBatch, generateNetwork, lineCents } from "../../../src/engine/batch"

const MAX_CV = 2 ** 31 - 1

function batchCents(cvs: number[], rateBp: number, rounding: Rounding): (number | null)[] {
  const network = generateNetwork({ shape: "chain", members: 2, seed: 1 })
  const orders = { size: cvs.length, ownerIdx: new Int32Array(cvs.length).fill(1), cvMinor: Int32Array.from(cvs) }
  const { lines } = computeUnilevelBatch(network, orders, { levelsBp: [rateBp], compression: "dynamic", rounding, activityMinPvMinor: null, levelsByRankIdx: null })
  return cvs.map((_, j) => (lines.orderRowCount[j] > 0 ? lines.cents[lines.orderRowStart[j]] : null))
}

const expectedCents = (cvs: number[], rateBp: number, rounding: Rounding) =>
  cvs.map((cv) => {
    const cents = applyRateBp(cv, rateBp, rounding)
    return cents === 0 ? null : cents
  })

describe("batch unilevel line rounding", () => {
  it.each(["half_up", "half_even"] as const)("equals applyRateBp at the extremes and on ties (%s)", (rounding) => {
    const cvs = [0, 1, 2, 3, 5, 15, 25, 4999, 5000, 5001, 15000, 25000, 10_000_000, MAX_CV - 1, MAX_CV]
    for (const rateBp of [0, 1, 2, 3, 5000, 9999, 10000]) {
      expect(batchCents(cvs, rateBp, rounding)).toEqual(expectedCents(cvs, rateBp, rounding))
    }
  })

  it("equals applyRateBp for any CV and rate, ties made frequent", () => {
    const cv = fc.oneof(fc.integer({ min: 0, max: MAX_CV }), fc.integer({ min: 0, max: 214_747 }).map((k) => k * 10000 + 5000), fc.integer({ min: 0, max: 100 }))
    fc.assert(
      fc.property(fc.array(cv, { minLength: 1, maxLength: 50 }), fc.oneof(fc.integer({ min: 0, max: 10000 }), fc.constantFrom(1, 5000, 2500)), fc.constantFrom("half_up" as const, "half_even" as const), (cvs, rateBp, rounding) => {
        expect(batchCents(cvs, rateBp, rounding)).toEqual(expectedCents(cvs, rateBp, rounding))
      }),
      { numRuns: 500 }
    )
  })
})

describe("lineCents (the batch's rounding, also used on period volumes)", () => {
  it("equals applyRateBp on negative volumes and on volumes past the fast range", () => {
    const volume = fc.oneof(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.integer({ min: 2 ** 39, max: 2 ** 53 - 1 }),
      fc.integer({ min: -1000, max: 1000 }).map((k) => k * 10000 + 5000)
    )
    fc.assert(
      fc.property(volume, fc.integer({ min: 0, max: 10000 }), fc.constantFrom("half_up" as const, "half_even" as const), (v, rateBp, rounding) => {
        expect(lineCents(v, rateBp, rounding === "half_up")).toBe(applyRateBp(v, rateBp, rounding))
      }),
      { numRuns: 2000 }
    )
  })
})
