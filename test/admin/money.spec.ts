import { currencyMinorDigits, formatBasisPoints, formatMinor, MoneyFormatError, splitMinor } from "../../src/admin/lib/money"

describe("formatMinor: integer minor units to display text, no float arithmetic", () => {
  it("formats USD cents with the symbol and two digits, negatives with the sign", () => {
    expect(formatMinor(123456, "USD", "en-US")).toBe("$1,234.56")
    expect(formatMinor(-250, "usd", "en-US")).toBe("-$2.50")
    expect(formatMinor(5, "USD", "en-US")).toBe("$0.05")
    expect(formatMinor(0, "USD", "en-US")).toBe("$0.00")
  })

  it("uses the currency's own minor digits: JPY 0, KWD 3, CLF 4", () => {
    expect(formatMinor(1234, "JPY", "en-US")).toBe("¥1,234")
    expect(formatMinor(1234567, "KWD", "en-US")).toBe("KWD\u00a01,234.567")
    expect(formatMinor(12345, "CLF", "en-US")).toBe("CLF\u00a01.2345")
  })

  it("follows the locale for separators and the symbol's place", () => {
    expect(formatMinor(123456, "EUR", "de-DE")).toBe("1.234,56\u00a0€")
    expect(formatMinor(100000000, "INR", "en-IN")).toBe("₹10,00,000.00")
  })

  it("is exact beyond 2^53 when the amount arrives as text", () => {
    expect(formatMinor("123456789012345678", "USD", "en-US")).toBe("$1,234,567,890,123,456.78")
    expect(formatMinor("-9007199254740993", "USD", "en-US")).toBe("-$90,071,992,547,409.93")
  })

  it("refuses what is not an integer of minor units or not a currency code", () => {
    expect(() => formatMinor(1.5, "USD", "en-US")).toThrow(new MoneyFormatError("Amount 1.5 is not an integer number of minor units"))
    expect(() => formatMinor(2 ** 53, "USD", "en-US")).toThrow(MoneyFormatError)
    expect(() => formatMinor("12.50", "USD", "en-US")).toThrow('Amount "12.50" is not an integer number of minor units')
    expect(() => formatMinor("1e3", "USD", "en-US")).toThrow(MoneyFormatError)
    expect(() => formatMinor(100, "US", "en-US")).toThrow('Currency "US" is not a three-letter ISO 4217 code')
  })
})

describe("splitMinor and currencyMinorDigits", () => {
  it("splits exactly, padding the fraction", () => {
    expect(splitMinor(-1005, 2)).toEqual({ negative: true, whole: 10n, fraction: "05" })
    expect(splitMinor("7", 3)).toEqual({ negative: false, whole: 0n, fraction: "007" })
    expect(splitMinor(42, 0)).toEqual({ negative: false, whole: 42n, fraction: "" })
  })

  it("reads minor digits from Intl", () => {
    expect(["USD", "EUR", "JPY", "KRW", "BHD", "KWD", "CLF"].map(currencyMinorDigits)).toEqual([2, 2, 0, 0, 3, 3, 4])
  })
})

describe("formatBasisPoints", () => {
  it("shows basis points as an exact percentage", () => {
    expect([1000, 125, 5, 0, -5, 10000, 333].map(formatBasisPoints)).toEqual(["10%", "1.25%", "0.05%", "0%", "-0.05%", "100%", "3.33%"])
  })
})
