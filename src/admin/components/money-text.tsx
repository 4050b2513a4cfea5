import { formatBasisPoints, formatMinor } from "../lib/money"

/**
 * An amount in minor units as text. A value the API should never send (not an integer) is shown
 * as it came, with its currency, rather than breaking the page it sits on.
 */
export function MoneyText({ amountMinor, currency, testId, className }: { amountMinor: number | string; currency: string; testId?: string; className?: string }) {
  let text: string
  try {
    text = formatMinor(amountMinor, currency)
  } catch {
    text = `${String(amountMinor)} ${currency.toUpperCase()} (minor units)`
  }
  return (
    <span className={className} data-testid={testId} data-amount-minor={String(amountMinor)}>
      {text}
    </span>
  )
}

export function RateText({ rateBp, testId }: { rateBp: number | null; testId?: string }) {
  let text = "–"
  if (rateBp !== null) {
    try {
      text = formatBasisPoints(rateBp)
    } catch {
      text = `${String(rateBp)} bp`
    }
  }
  return <span data-testid={testId}>{text}</span>
}

/** A timestamp in the user's locale; the ISO text stays in the title for exact reading. */
export function DateText({ iso, testId }: { iso: string | null; testId?: string }) {
  if (!iso) return <span data-testid={testId}>–</span>
  const date = new Date(iso)
  const text = Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
  return (
    <time dateTime={iso} title={iso} data-testid={testId}>
      {text}
    </time>
  )
}
