/**
 * Per-order commission lines of a batch as a compressed table: the lines of order j are the
 * `orderRowCount[j]` rows from `orderRowStart[j]`, by level. One typed array per column instead
 * of one object per line, because a period of 1,000,000 orders writes about ten million lines.
 *
 * The blocks of rows follow the sequence the computation met the orders in (for the batch
 * unilevel, grouped by owner), not order sequence: putting ten million rows back into order
 * sequence would cost a pass over all of them, and no consumer needs it (a writer writes rows
 * in any sequence; order j's lines are found through its start and count).
 */
import { applyRateBp } from "../money"
import { BatchInputError } from "./network"

export interface OrderLines {
  readonly orderCount: number
  readonly lineCount: number
  /** First row of order j's lines (0 when it has none). */
  readonly orderRowStart: Int32Array
  /** Number of lines of order j (at most 255 levels). */
  readonly orderRowCount: Uint8Array
  /** Member paid. */
  readonly toIdx: Int32Array
  /** Level, 1 = first level above the order's owner. */
  readonly level: Uint8Array
  /** Minor units, never 0 (the spec posts no zero-cent lines); |cents| ≤ the order's CV < 2^31. */
  readonly cents: Int32Array
}

/** Rows and row indexes are Int32. */
const MAX_ROWS = 2 ** 31 - 1

/**
 * Columns for at most `rowBound` lines, written in place by the computation (it keeps its own
 * row cursor so the hot loop touches only local typed arrays), then trimmed by `finish`.
 */
export class OrderLineTable {
  readonly orderRowStart: Int32Array
  readonly orderRowCount: Uint8Array
  readonly toIdx: Int32Array
  readonly level: Uint8Array
  readonly cents: Int32Array

  constructor(orderCount: number, rowBound: number) {
    if (rowBound > MAX_ROWS) {
      throw new BatchInputError(`orders: up to ${rowBound} lines to hold, more than one batch holds (${MAX_ROWS}); split the batch`)
    }
    const rows = Math.max(1, rowBound)
    this.orderRowStart = new Int32Array(orderCount)
    this.orderRowCount = new Uint8Array(orderCount)
    this.toIdx = new Int32Array(rows)
    this.level = new Uint8Array(rows)
    this.cents = new Int32Array(rows)
  }

  /** Views trimmed to `lineCount` (no copy of millions of rows). */
  finish(lineCount: number): OrderLines {
    return {
      orderCount: this.orderRowStart.length,
      lineCount,
      orderRowStart: this.orderRowStart,
      orderRowCount: this.orderRowCount,
      toIdx: this.toIdx.subarray(0, lineCount),
      level: this.level.subarray(0, lineCount),
      cents: this.cents.subarray(0, lineCount),
    }
  }
}

/**
 * round(cvMinor × rateBp / 10000), the same value as money.ts's `applyRateBp`, in one float
 * division. Half up is floor(x / 20000) with x = 2 × cv × rate + 10000; a tie (x a multiple of
 * 20000) goes to the even neighbour under half_even. Exact while 0 ≤ x ≤ 2^53: x is then an exact
 * Number, and the float quotient cannot cross an integer, because a non-integer x / 20000 is at
 * least 1/20000 away from one while its rounding error is at most (x / 20000) × 2^-53 < 1/20000.
 * The batch unilevel's inputs are far inside (CV an Int32 checked ≥ 0, rateBp 0..10000, so
 * x < 2^46); anything outside, such as a negative or very large volume, goes to money.ts, which
 * switches to BigInt.
 */
export function lineCents(cvMinor: number, rateBp: number, halfUp: boolean): number {
  const x = 2 * cvMinor * rateBp + 10000
  if (cvMinor < 0 || x > MAX_EXACT) return applyRateBp(cvMinor, rateBp, halfUp ? "half_up" : "half_even")
  const q = Math.floor(x / 20000)
  return halfUp || q * 20000 !== x || q % 2 === 0 ? q : q - 1
}

const MAX_EXACT = 2 ** 53
