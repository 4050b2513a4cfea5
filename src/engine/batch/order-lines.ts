/**
 * Per-order commission lines of a batch as a compressed table: the lines of order j are rows
 * `orderLineStart[j]` up to `orderLineStart[j + 1]`. One typed array per column instead of one
 * object per line, because a period of 1,000,000 orders writes about ten million lines.
 */
import { BP_DENOMINATOR, applyRateBp } from "../money"

export interface OrderLines {
  readonly orderCount: number
  readonly lineCount: number
  /** Length orderCount + 1; rows of order j are [orderLineStart[j], orderLineStart[j + 1]). */
  readonly orderLineStart: Int32Array
  /** Member paid. */
  readonly toIdx: Int32Array
  /** Level, 1 = first level above the order's owner. */
  readonly level: Uint8Array
  /** Minor units, never 0 (the spec posts no zero-cent lines); |cents| ≤ the order's CV < 2^31. */
  readonly cents: Int32Array
}

/** Append-only column storage; callers reserve room per order, then write rows directly. */
export class OrderLineColumns {
  toIdx: Int32Array
  level: Uint8Array
  cents: Int32Array

  constructor(initialCapacity: number) {
    const capacity = Math.max(64, initialCapacity)
    this.toIdx = new Int32Array(capacity)
    this.level = new Uint8Array(capacity)
    this.cents = new Int32Array(capacity)
  }

  /** Makes sure rows [0, rowCount) exist, keeping rows written so far. */
  reserve(rowCount: number): void {
    if (rowCount <= this.toIdx.length) return
    const capacity = Math.max(rowCount, this.toIdx.length * 2)
    const toIdx = new Int32Array(capacity)
    const level = new Uint8Array(capacity)
    const cents = new Int32Array(capacity)
    toIdx.set(this.toIdx)
    level.set(this.level)
    cents.set(this.cents)
    this.toIdx = toIdx
    this.level = level
    this.cents = cents
  }

  /** Reverses rows [0, rowCount) in place (a backwards-in-time pass restores forward order). */
  reverse(rowCount: number): void {
    this.toIdx.subarray(0, rowCount).reverse()
    this.level.subarray(0, rowCount).reverse()
    this.cents.subarray(0, rowCount).reverse()
  }

  /** Views trimmed to lineCount (no copy of millions of rows). */
  finish(orderLineStart: Int32Array, lineCount: number): OrderLines {
    return {
      orderCount: orderLineStart.length - 1,
      lineCount,
      orderLineStart,
      toIdx: this.toIdx.subarray(0, lineCount),
      level: this.level.subarray(0, lineCount),
      cents: this.cents.subarray(0, lineCount),
    }
  }
}

/** Above this, cv × rate_bp / 10000 in floating point could be off by more than one. */
const FAST_PRODUCT_LIMIT = 2 ** 52
// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const bpDenominator = BP_DENOMINATOR

/**
 * round(cvMinor × rateBp / 10000), bit-identical to money.ts's `applyRateBp` (which it falls back
 * to outside the fast range). Inside it, the product is an exact Number, the float quotient is at
 * most one off, and one remainder check corrects it; the rounding then reads the exact remainder.
 */
export function lineCents(cvMinor: number, rateBp: number, halfUp: boolean): number {
  const product = cvMinor * rateBp
  if (product < 0 || product > FAST_PRODUCT_LIMIT) return applyRateBp(cvMinor, rateBp, halfUp ? "half_up" : "half_even")
  let quotient = Math.floor(product / bpDenominator)
  let remainder = product - quotient * bpDenominator
  if (remainder < 0) {
    quotient--
    remainder += bpDenominator
  } else if (remainder >= bpDenominator) {
    quotient++
    remainder -= bpDenominator
  }
  const twiceRemainder = 2 * remainder
  if (twiceRemainder > bpDenominator || (twiceRemainder === bpDenominator && (halfUp || quotient % 2 === 1))) quotient++
  return quotient
}
