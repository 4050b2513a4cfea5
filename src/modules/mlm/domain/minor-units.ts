/**
 * Medusa stores amounts as decimals in major units (20.7 = $20.70); the ledger counts integer
 * minor units. The conversion goes through the decimal text, never through float arithmetic,
 * and rounds half-up once when a value has more decimals than its currency (rare: tax lines).
 */
const digitsCache = new Map<string, number>()

/** ISO 4217 minor-unit digits (USD 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currencyCode: string): number {
  const code = currencyCode.toUpperCase()
  let digits = digitsCache.get(code)
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2
    digitsCache.set(code, digits)
  }
  return digits
}

type AmountLike = number | string | { value?: string | number; numeric?: number } | null | undefined

export function toMinorUnits(amount: AmountLike, currencyCode: string): number {
  const raw = typeof amount === "object" && amount !== null ? (amount.value ?? amount.numeric) : amount
  if (raw === null || raw === undefined) return 0
  const text = typeof raw === "number" ? numberToPlainText(raw) : String(raw).trim()
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text)
  if (!match) throw new RangeError(`Amount ${text} is not a decimal number`)
  const digits = currencyDigits(currencyCode)
  const [, sign, whole, fraction = ""] = match
  const kept = (fraction + "0".repeat(digits)).slice(0, digits)
  let minor = BigInt(whole + kept)
  if (fraction.length > digits && Number(fraction[digits]) >= 5) minor += 1n
  const value = Number(minor)
  if (!Number.isSafeInteger(value)) throw new RangeError(`Amount ${text} exceeds the safe integer range`)
  return sign === "-" ? -value : value
}

function numberToPlainText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Amount ${value} is not finite`)
  // Shortest round-trip text; exponent forms (1e21, 1e-7) spelled out.
  return Math.abs(value) < 1e21 && !String(value).includes("e") ? String(value) : value.toFixed(20).replace(/\.?0+$/, "")
}
