/**
 * Exact money arithmetic on integer minor units (spec "Units"): a line is
 * round(base × rate_bp / 10000) computed on integers and rounded once.
 *
 * Everything here is integer-only. Number is used while every intermediate value is a safe
 * integer (|x| ≤ 2^53 − 1); beyond that the same computation runs on BigInt, so results are
 * exact for any safe-integer input. This module is shared with the batch engine: keep the
 * exported signatures stable.
 *
 * Rounding of negative values is symmetric: round(−x) = −round(x) in both modes. A negative
 * tie therefore goes away from zero under half_up (−2.5 → −3) and to the even neighbour under
 * half_even (−2.5 → −2). Clawbacks and matching on negative sums rely on this symmetry.
 */

export type Rounding = "half_up" | "half_even"

export const BP_DENOMINATOR = 10000

function roundDivNumber(numerator: number, denominator: number, rounding: Rounding): number {
  const magnitude = Math.abs(numerator)
  let quotient = Math.floor(magnitude / denominator)
  // Float division can be one off for large safe integers; correct it with exact products.
  while (quotient * denominator > magnitude) quotient--
  while ((quotient + 1) * denominator <= magnitude) quotient++
  const twiceRemainder = 2 * (magnitude - quotient * denominator)
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (rounding === "half_up" || quotient % 2 === 1))) {
    quotient++
  }
  return numerator < 0 ? -quotient : quotient
}

function roundDivBigInt(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const negative = numerator < 0n
  const magnitude = negative ? -numerator : numerator
  let quotient = magnitude / denominator
  const twiceRemainder = 2n * (magnitude - quotient * denominator)
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (rounding === "half_up" || quotient % 2n === 1n))) {
    quotient++
  }
  return negative ? -quotient : quotient
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} exceeds the safe integer range`)
  }
  return Number(value)
}

/**
 * numerator / denominator rounded once with `rounding` (denominator > 0). Accepts Number
 * (safe integers) or BigInt; returns the same kind.
 */
export function roundDiv(numerator: number, denominator: number, rounding: Rounding): number
export function roundDiv(numerator: bigint, denominator: bigint, rounding: Rounding): bigint
export function roundDiv(numerator: number | bigint, denominator: number | bigint, rounding: Rounding): number | bigint {
  if (typeof numerator === "bigint" || typeof denominator === "bigint") {
    const d = BigInt(denominator)
    if (d <= 0n) throw new RangeError("denominator must be positive")
    return roundDivBigInt(BigInt(numerator), d, rounding)
  }
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError("roundDiv needs safe integers and a positive denominator")
  }
  return roundDivNumber(numerator, denominator, rounding)
}

/** round(baseMinor × rateBp / 10000), exact for any safe-integer base and rate. */
export function applyRateBp(baseMinor: number, rateBp: number, rounding: Rounding): number {
  return mulDivRound(baseMinor, rateBp, BP_DENOMINATOR, rounding)
}

/**
 * round(a × b / denominator) on safe integers, exact: Number while a × b is safe, BigInt
 * otherwise. Used for rates (denominator 10000) and for pro-rata shares such as
 * retail profit on a refunded order (spec "Refunds").
 */
export function mulDivRound(a: number, b: number, denominator: number, rounding: Rounding): number {
  const product = a * b
  if (Number.isSafeInteger(product) && Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    return roundDiv(product, denominator, rounding)
  }
  return toSafeNumber(roundDiv(BigInt(a) * BigInt(b), BigInt(denominator), rounding))
}

/** floor(a × b / denominator) for non-negative safe integers, exact. */
export function mulDivFloor(a: number, b: number, denominator: number): number {
  const product = a * b
  if (Number.isSafeInteger(product)) {
    let quotient = Math.floor(product / denominator)
    while (quotient * denominator > product) quotient--
    while ((quotient + 1) * denominator <= product) quotient++
    return quotient
  }
  return toSafeNumber((BigInt(a) * BigInt(b)) / BigInt(denominator))
}

/** Sign of (a × aScale − b × bScale), computed exactly (rank leg-share caps compare this way). */
export function compareScaled(a: number, aScale: number, b: number, bScale: number): -1 | 0 | 1 {
  const left = a * aScale
  const right = b * bScale
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) {
    return left < right ? -1 : left > right ? 1 : 0
  }
  const l = BigInt(a) * BigInt(aScale)
  const r = BigInt(b) * BigInt(bScale)
  return l < r ? -1 : l > r ? 1 : 0
}
