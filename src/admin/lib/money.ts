/**
 * Money for display. The API speaks integer minor units (`-250` USD is -2.50); a float never
 * touches an amount here: the minor units are split into whole and fraction with BigInt (exact
 * beyond 2^53 when the value arrives as a string), and Intl only supplies what is locale's:
 * the currency's minor digits, its symbol and where it goes, the separators.
 */

export class MoneyFormatError extends RangeError {
  override readonly name = "MoneyFormatError"
}

const MINOR_TEXT = /^-?\d+$/

function minorAsBigInt(amountMinor: number | string | bigint): bigint {
  if (typeof amountMinor === "bigint") return amountMinor
  if (typeof amountMinor === "number") {
    if (!Number.isSafeInteger(amountMinor)) throw new MoneyFormatError(`Amount ${amountMinor} is not an integer number of minor units`)
    return BigInt(amountMinor)
  }
  const text = amountMinor.trim()
  if (!MINOR_TEXT.test(text)) throw new MoneyFormatError(`Amount "${amountMinor}" is not an integer number of minor units`)
  return BigInt(text)
}

function currencyFormat(currency: string, locale: string | undefined, digits?: number): Intl.NumberFormat {
  const code = currency.trim().toUpperCase()
  if (!/^[A-Z]{3}$/.test(code)) throw new MoneyFormatError(`Currency "${currency}" is not a three-letter ISO 4217 code`)
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: code,
    ...(digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  })
}

/** The currency's minor digits as Intl knows them (USD 2, JPY 0, KWD 3, CLF 4). */
export function currencyMinorDigits(currency: string): number {
  return currencyFormat(currency, "en").resolvedOptions().maximumFractionDigits ?? 2
}

/** Splits minor units into sign, whole units and the zero-padded fraction, exactly. */
export function splitMinor(amountMinor: number | string | bigint, digits: number): { negative: boolean; whole: bigint; fraction: string } {
  const minor = minorAsBigInt(amountMinor)
  const negative = minor < 0n
  const magnitude = negative ? -minor : minor
  const scale = 10n ** BigInt(digits)
  return {
    negative,
    whole: magnitude / scale,
    fraction: digits === 0 ? "" : (magnitude % scale).toString().padStart(digits, "0"),
  }
}

/**
 * `formatMinor(-250, "usd", "en-US")` → "-$2.50"; `formatMinor("123456789012345678", "EUR", "de-DE")`
 * → "1.234.567.890.123.456,78 €". Throws MoneyFormatError for a non-integer amount or a bad code.
 */
export function formatMinor(amountMinor: number | string | bigint, currency: string, locale?: string): string {
  const digits = currencyMinorDigits(currency)
  const { negative, whole, fraction } = splitMinor(amountMinor, digits)
  const format = currencyFormat(currency, locale, digits)
  // A template with one of each part (sign, symbol, integer, separator, fraction) in the locale's order.
  const template = format.formatToParts(negative ? -1 : 1)
  const wholeText = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 }).format(whole)
  return template
    .map((part) => (part.type === "integer" ? wholeText : part.type === "fraction" ? fraction : part.value))
    .join("")
}

/** A rate in basis points as a percentage, exactly: 1000 → "10%", 125 → "1.25%", -5 → "-0.05%". */
export function formatBasisPoints(rateBp: number): string {
  if (!Number.isSafeInteger(rateBp)) throw new MoneyFormatError(`Rate ${rateBp} is not an integer number of basis points`)
  const { negative, whole, fraction } = splitMinor(rateBp, 2)
  const trimmed = fraction.replace(/0+$/, "")
  return `${negative ? "-" : ""}${whole}${trimmed ? `.${trimmed}` : ""}%`
}
