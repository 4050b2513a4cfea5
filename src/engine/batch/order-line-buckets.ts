/**
 * Payees found in owner order, handed back as `OrderLines` in order sequence.
 *
 * The unilevel walk takes orders grouped by owner, but its lines are due grouped by order. A
 * direct permutation of ten million lines would cost a TLB miss per order on this VM; instead the
 * walk appends each order's payees to the bucket of its block of orders (a few thousand orders in
 * order sequence; a few hundred buckets, each written in sequence), and the lines are then
 * produced bucket by bucket, where one bucket's records stay in cache while they are reordered.
 *
 * A record is a header, `count << blockShift | (order index within its block)`, followed by
 * `count` payees for levels 1, 2, ...; a payee of -1 is a level not paid (`"none"` compression).
 * Orders without payees write nothing.
 */
import { applyRateBp } from "../money"
import { BatchInputError } from "./network"
import type { OrderLines } from "./order-lines"

/** Records of one bucket fit in about 128 KiB (L2 holds them while they are reordered). */
const BUCKET_WORDS = 32 * 1024
/** Row and record indexes are Int32. */
const MAX_RECORD_WORDS = 2 ** 31 - 1

export class OrderLineBuckets {
  readonly blockShift: number
  readonly records: Int32Array
  /** Next free word of each bucket; bucket b's records start at `bucketStart[b]`. */
  readonly fill: Int32Array
  private readonly bucketStart: Int32Array
  private readonly orderCount: number

  /**
   * `lineBound[ownerOfOrder[j]]` bounds the payees of order j (layout numbering), so each bucket
   * is sized from its orders alone.
   */
  constructor(ownerOfOrder: Int32Array, lineBound: Uint8Array, levelCount: number) {
    const orderCount = ownerOfOrder.length
    let blockShift = 0
    while (blockShift < 16 && (2 << blockShift) * (levelCount + 1) <= BUCKET_WORDS) blockShift++
    const bucketCount = (orderCount >>> blockShift) + 1
    const bucketStart = new Int32Array(bucketCount + 1)
    for (let j = 0; j < orderCount; j++) bucketStart[(j >>> blockShift) + 1] += 1 + lineBound[ownerOfOrder[j]]
    let words = 0
    for (let b = 0; b < bucketCount; b++) {
      words += bucketStart[b + 1]
      bucketStart[b + 1] = words
    }
    if (words > MAX_RECORD_WORDS) {
      throw new BatchInputError(`orders: up to ${words} payees and headers to record, more than one batch holds (${MAX_RECORD_WORDS}); split the batch`)
    }
    this.blockShift = blockShift
    this.records = new Int32Array(Math.max(1, bucketStart[bucketCount]))
    this.fill = bucketStart.slice(0, bucketCount)
    this.bucketStart = bucketStart
    this.orderCount = orderCount
  }

  /**
   * The lines in order sequence, each order's by level, zero-cent lines left out. `payeeCount`
   * is the number of payees recorded (the row capacity needed). Consumes the buckets: `toIdx`
   * is written over the records themselves (each bucket is copied out first, and the rows of
   * buckets up to b never reach past bucket b's records), so it takes no memory of its own.
   */
  toOrderLines(cvMinor: Int32Array, levelsBp: readonly number[], halfUp: boolean, payeeCount: number): OrderLines {
    const { records, fill, bucketStart, blockShift, orderCount } = this
    const rates = Int32Array.from(levelsBp)
    const blockSize = 1 << blockShift
    const blockMask = blockSize - 1
    const recordAt = new Int32Array(blockSize)
    const bucket = new Int32Array(BUCKET_WORDS)
    const toIdx = records
    const level = new Uint8Array(Math.max(1, payeeCount))
    const cents = new Int32Array(Math.max(1, payeeCount))
    const orderLineStart = new Int32Array(orderCount + 1)
    let row = 0
    for (let b = 0, blockStart = 0; blockStart < orderCount; b++, blockStart += blockSize) {
      const used = fill[b] - bucketStart[b]
      bucket.set(records.subarray(bucketStart[b], fill[b]))
      recordAt.fill(-1)
      for (let at = 0; at < used; at += 1 + (bucket[at] >>> blockShift)) recordAt[bucket[at] & blockMask] = at
      const blockEnd = Math.min(orderCount, blockStart + blockSize)
      for (let j = blockStart; j < blockEnd; j++) {
        const at = recordAt[j - blockStart]
        if (at >= 0) {
          const cv = cvMinor[j]
          const count = bucket[at] >>> blockShift
          for (let k = 1; k <= count; k++) {
            const payee = bucket[at + k]
            if (payee < 0) continue
            const amount = levelCents(cv, rates[k - 1], halfUp)
            toIdx[row] = payee
            level[row] = k
            cents[row] = amount
            // Written unconditionally, kept only when non-zero: a branch here mispredicts.
            row += +(amount !== 0)
          }
        }
        orderLineStart[j + 1] = row
      }
    }
    return {
      orderCount,
      lineCount: row,
      orderLineStart,
      toIdx: toIdx.subarray(0, row),
      level: level.subarray(0, row),
      cents: cents.subarray(0, row),
    }
  }
}

/**
 * round(cvMinor × rateBp / 10000), the same value as money.ts's `applyRateBp`, in one float
 * division. Half up is floor(x / 20000) with x = 2 × cv × rate + 10000; a tie (x a multiple of
 * 20000) goes to the even neighbour under half_even. Exact while x ≤ 2^53: x is then an exact
 * Number, and the float quotient cannot cross an integer, because a non-integer x / 20000 is at
 * least 1/20000 away from one while its rounding error is at most (x / 20000) × 2^-53 < 1/20000.
 * Every input of this path is far inside: cvMinor is an Int32Array entry checked ≥ 0 and rateBp
 * is 0..10000, so x < 2^46. Anything larger goes to money.ts, which switches to BigInt.
 */
function levelCents(cvMinor: number, rateBp: number, halfUp: boolean): number {
  const x = 2 * cvMinor * rateBp + 10000
  if (x > MAX_EXACT) return applyRateBp(cvMinor, rateBp, halfUp ? "half_up" : "half_even")
  const q = Math.floor(x / 20000)
  return halfUp || q * 20000 !== x || q % 2 === 0 ? q : q - 1
}

const MAX_EXACT = 2 ** 53
