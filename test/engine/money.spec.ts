// Exact integer rounding (spec "Units"): one rounding per line, half_up (ties away from zero)
// or half_even; negative amounts round symmetrically, round(−x) = −round(x).
import { applyRateBp, mulDivFloor, mulDivRound, roundDiv, splitLargestRemainder } from "../../src/engine"

describe("applyRateBp", () => {
  it("rounds CV 20.70 at 5 % to 1.04 where a float computation gives 1.03", () => {
    expect((20.7 * 0.05).toFixed(2)).toBe("1.03")
    expect(applyRateBp(2070, 500, "half_up")).toBe(104)
  })

  it("breaks ties away from zero under half_up and to even under half_even", () => {
    expect(applyRateBp(6690, 500, "half_up")).toBe(335)
    expect(applyRateBp(6690, 500, "half_even")).toBe(334)
    expect(applyRateBp(2070, 500, "half_even")).toBe(104)
    expect(applyRateBp(1, 5000, "half_even")).toBe(0)
    expect(applyRateBp(3, 5000, "half_even")).toBe(2)
    expect(applyRateBp(6690, 300, "half_even")).toBe(201)
  })

  it("rounds negative amounts symmetrically (−3.345 → −3.35 half_up, −3.34 half_even)", () => {
    expect(applyRateBp(-6690, 500, "half_up")).toBe(-335)
    expect(applyRateBp(-6690, 500, "half_even")).toBe(-334)
    expect(applyRateBp(-2070, 500, "half_even")).toBe(-104)
    expect(applyRateBp(-2071, 500, "half_up")).toBe(-104)
    expect(applyRateBp(-2069, 500, "half_up")).toBe(-103)
  })

  it("stays exact when base × rate exceeds 2^53", () => {
    const base = 123_456_789_012_345
    const exact = (BigInt(base) * 3333n * 2n + 10000n) / 20000n
    expect(applyRateBp(base, 3333, "half_up")).toBe(Number(exact))
    expect(applyRateBp(Number.MAX_SAFE_INTEGER, 10000, "half_up")).toBe(Number.MAX_SAFE_INTEGER)
    expect(applyRateBp(Number.MAX_SAFE_INTEGER, 5000, "half_even")).toBe(4503599627370496)
  })
})

describe("roundDiv", () => {
  it("handles Number and BigInt alike", () => {
    expect(roundDiv(-5, 2, "half_up")).toBe(-3)
    expect(roundDiv(-5, 2, "half_even")).toBe(-2)
    expect(roundDiv(-7, 2, "half_even")).toBe(-4)
    expect(roundDiv(7n, 2n, "half_even")).toBe(4n)
    expect(roundDiv(10n ** 30n + 5n, 10n, "half_up")).toBe(10n ** 29n + 1n)
  })

  it("rejects a non-positive denominator and unsafe numbers", () => {
    expect(() => roundDiv(1, 0, "half_up")).toThrow(RangeError)
    expect(() => roundDiv(2 ** 60, 3, "half_up")).toThrow(RangeError)
  })
})

describe("mulDivRound / mulDivFloor", () => {
  it("pro-rates exactly (retail profit 20.00 on 2/3 of the CV → 13.33)", () => {
    expect(mulDivRound(2000, 6667, 10000, "half_up")).toBe(1333)
    expect(mulDivRound(2000, 2, 3, "half_up")).toBe(1333)
    expect(mulDivRound(1, 1, 2, "half_even")).toBe(0)
  })

  it("floors the volume a binary cap pays for", () => {
    expect(mulDivFloor(1200, 10000, 1000)).toBe(12000)
    expect(mulDivFloor(1000, 10000, 3333)).toBe(3000)
    expect(mulDivFloor(Number.MAX_SAFE_INTEGER, 10000, 10000)).toBe(Number.MAX_SAFE_INTEGER)
  })
})

describe("splitLargestRemainder", () => {
  it("adds up exactly and breaks equal remainders by order", () => {
    expect(splitLargestRemainder(246914, [1, 1, 2])).toEqual([61729, 61728, 123457])
    expect(splitLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(splitLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0])
  })

  it("gives the larger remainder first and nothing when there is no weight", () => {
    expect(splitLargestRemainder(10, [1, 2, 4])).toEqual([1, 3, 6])
    expect(splitLargestRemainder(10, [])).toEqual([])
    expect(splitLargestRemainder(10, [0, 0])).toEqual([0, 0])
  })

  it("rejects a negative total", () => {
    expect(() => splitLargestRemainder(-1, [1])).toThrow(RangeError)
  })
})
