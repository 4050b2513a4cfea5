// Commissionable value of an order line (docs/plans.md "CV rule"): fixed CV per unit in its own
// currency, else a basis-point share of the line price, rounded half-up once per line.
import { lineCvMinor, type VariantCvRule } from "../../src/modules/mlm/domain/commissionable-value"

const share = (cv_bp: number): VariantCvRule => ({ cv_bp, cv_minor: null, currency_code: null })
const fixed = (cv_minor: number, currency_code: string): VariantCvRule => ({ cv_bp: null, cv_minor, currency_code })

describe("lineCvMinor", () => {
  it("without a rule takes the store default share of the line price (10000 bp: CV = price)", () => {
    expect(lineCvMinor(undefined, 5000, 2, "eur", 10000)).toBe(10000)
    // 1999 × 3 = 5997 at 25 % = 1499.25
    expect(lineCvMinor(undefined, 1999, 3, "eur", 2500)).toBe(1499)
  })

  it("rounds once per line, not per unit: 3 × 0.67 at 5 % is 10.05 → 10 cents, not 3 × 3", () => {
    expect(lineCvMinor(share(500), 67, 3, "usd", 10000)).toBe(10)
    expect(lineCvMinor(share(500), 67, 1, "usd", 10000)).toBe(3)
  })

  it("breaks a tie half-up: 3 cents at 50 % is 2, 1 cent at 50 % is 1", () => {
    expect(lineCvMinor(share(5000), 3, 1, "usd", 10000)).toBe(2)
    expect(lineCvMinor(share(5000), 1, 1, "usd", 10000)).toBe(1)
    // 4999 × 1 at 15 % = 749.85
    expect(lineCvMinor(share(1500), 4999, 1, "usd", 10000)).toBe(750)
  })

  it("a rule's share wins over the default, including a share of 0", () => {
    expect(lineCvMinor(share(0), 5000, 4, "usd", 10000)).toBe(0)
    expect(lineCvMinor(share(10000), 5000, 4, "usd", 2500)).toBe(20000)
  })

  it("fixed CV per unit applies in its own currency, compared case-insensitively", () => {
    expect(lineCvMinor(fixed(1234, "USD"), 9999, 3, "usd", 10000)).toBe(3702)
    expect(lineCvMinor(fixed(1234, "USD"), 9999, 0, "USD", 10000)).toBe(0)
  })

  it("fixed CV in another currency falls back to the default share of the price", () => {
    expect(lineCvMinor(fixed(1234, "USD"), 2000, 2, "eur", 10000)).toBe(4000)
    // 2001 × 2 = 4002 at 75 % = 3001.5 → 3002
    expect(lineCvMinor(fixed(1234, "USD"), 2001, 2, "eur", 7500)).toBe(3002)
  })

  it("stays exact beyond 2^53 for the intermediate product", () => {
    // 4000000000000001 × 3 × 3333 / 10000 = 3999600000000000.9999 → …001
    expect(lineCvMinor(share(3333), 4_000_000_000_000_001, 3, "usd", 10000)).toBe(3_999_600_000_000_001)
    expect(lineCvMinor(share(2500), 3_000_000_000_000_001, 4, "usd", 10000)).toBe(3_000_000_000_000_001)
    expect(() => lineCvMinor(undefined, 4_000_000_000_000_001, 3, "usd", 10000)).toThrow(
      "line CV of 4000000000000001 × 3 exceeds the safe integer range"
    )
  })

  it("refuses non-integer or out-of-range inputs instead of rounding them away", () => {
    expect(() => lineCvMinor(undefined, 10.5, 1, "usd", 10000)).toThrow("unitPriceMinor must be an integer 0..9007199254740991, got 10.5")
    expect(() => lineCvMinor(undefined, -1, 1, "usd", 10000)).toThrow("unitPriceMinor must be an integer")
    expect(() => lineCvMinor(undefined, 100, 1.5, "usd", 10000)).toThrow("quantity must be an integer 0..9007199254740991, got 1.5")
    expect(() => lineCvMinor(undefined, 100, 1, "usd", 10001)).toThrow("cv_bp must be an integer 0..10000, got 10001")
    expect(() => lineCvMinor(fixed(-5, "USD"), 100, 1, "usd", 10000)).toThrow("cv_minor must be an integer 0..9007199254740991, got -5")
  })
})
