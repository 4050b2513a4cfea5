import { BP_DENOMINATOR, applyRateBp, roundDiv } from "../../../engine/money"

/**
 * Commissionable value (CV) of an order line, in the order currency's minor units (docs/plans.md).
 * A variant may carry a fixed CV per unit in one currency, or a share of its price in basis
 * points; without a rule the store's `default_cv_bp` applies (10000: CV equals the price). A fixed
 * CV only holds in its own currency: an order in another currency falls back to the share, since
 * converting would need an exchange rate the engine must not guess.
 */

export type VariantCvRule = {
  cv_bp: number | null
  cv_minor: number | null
  currency_code: string | null
}

const sameCurrency = (a: string | null, b: string) => a !== null && a.toUpperCase() === b.toUpperCase()

function requireInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${value}`)
  }
}

/**
 * CV of one line: fixed CV × quantity when the rule's currency is the order's, else
 * round_half_up(unit price × quantity × bp / 10000), rounded once for the whole line (never per
 * unit: 3 × 67 cents at 5 % is 10.05 → 10 cents, not 3 × 3).
 */
export function lineCvMinor(
  rule: VariantCvRule | undefined,
  unitPriceMinor: number,
  quantity: number,
  orderCurrency: string,
  defaultCvBp: number
): number {
  requireInteger("unitPriceMinor", unitPriceMinor, 0)
  requireInteger("quantity", quantity, 0)
  if (rule && rule.cv_minor !== null && sameCurrency(rule.currency_code, orderCurrency)) {
    requireInteger("cv_minor", rule.cv_minor, 0)
    const fixed = rule.cv_minor * quantity
    if (!Number.isSafeInteger(fixed)) throw new RangeError(`line CV ${rule.cv_minor} × ${quantity} exceeds the safe integer range`)
    return fixed
  }
  const rateBp = rule?.cv_bp ?? defaultCvBp
  requireInteger("cv_bp", rateBp, 0, BP_DENOMINATOR)
  const lineMinor = unitPriceMinor * quantity
  if (Number.isSafeInteger(lineMinor)) return applyRateBp(lineMinor, rateBp, "half_up")
  const exact = roundDiv(BigInt(unitPriceMinor) * BigInt(quantity) * BigInt(rateBp), BigInt(BP_DENOMINATOR), "half_up")
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`line CV of ${unitPriceMinor} × ${quantity} exceeds the safe integer range`)
  return Number(exact)
}

/** The `default_cv_bp` plugin option, checked once at boot rather than on the first order. */
export function resolveDefaultCvBp(option: number | undefined): number {
  const value = option ?? BP_DENOMINATOR
  requireInteger("default_cv_bp", value, 0, BP_DENOMINATOR)
  return value
}
