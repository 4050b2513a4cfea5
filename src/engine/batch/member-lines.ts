/**
 * Period commission lines of a batch, at most one per member (binary): member index and amount.
 * Amounts are Float64 because a capless binary payout can exceed 2^31 minor units.
 */

export interface MemberLines {
  readonly count: number
  readonly toIdx: Int32Array
  readonly cents: Float64Array
}

export class MemberLineColumns {
  private count = 0
  private toIdx: Int32Array
  private cents: Float64Array

  constructor(initialCapacity: number) {
    this.toIdx = new Int32Array(Math.max(64, initialCapacity))
    this.cents = new Float64Array(this.toIdx.length)
  }

  push(toIdx: number, cents: number): void {
    if (this.count === this.toIdx.length) this.grow()
    this.toIdx[this.count] = toIdx
    this.cents[this.count++] = cents
  }

  finish(): MemberLines {
    return { count: this.count, toIdx: this.toIdx.subarray(0, this.count), cents: this.cents.subarray(0, this.count) }
  }

  private grow(): void {
    const toIdx = new Int32Array(this.toIdx.length * 2)
    const cents = new Float64Array(toIdx.length)
    toIdx.set(this.toIdx)
    cents.set(this.cents)
    this.toIdx = toIdx
    this.cents = cents
  }
}
