/**
 * Binary leg volume in volume mode (spec "binary", "Refunds"). A leg is carry plus the open
 * period's volume; pairing consumes the same amount from both legs.
 *
 * With refund "clawback_restore" every leg remembers where its volume came from: a queue of
 * per-order chunks, consumed oldest order first, and a stack of what pairing consumed. A refund
 * then takes the order's unpaired volume first, claws back the paid part of what was consumed,
 * and restores the partner leg's consumed volume, most recently consumed first. With
 * "negative_carry" a leg is just a number that a refund may push below zero.
 *
 * Memory: only orders that a later refund names get their own chunk ("tracked"). Consecutive
 * volume of other orders merges into one anonymous chunk, and consecutive consumptions of the
 * same chunk with the same paid flag merge into one record. That is exact: anonymous volume is
 * never refunded, and merged volume keeps its place relative to the tracked chunks, which is
 * all that oldest-first consumption and most-recent-first restoration can observe. Once the
 * last refund has been replayed, tracing stops and legs are plain numbers again.
 */

export const LEFT = 0
export const RIGHT = 1

interface Consumption {
  chunk: Chunk
  amount: number
  paid: boolean
}

/** One order's volume in one leg of one member. */
export interface Chunk {
  /** The order's sequence number; for an anonymous chunk, that of its first order. */
  orderSeq: number
  tracked: boolean
  unpaired: number
  queued: boolean
  consumed: Consumption[]
}

class TracedLeg {
  queue: Chunk[] = []
  head = 0
  stack: Consumption[] = []

  /** The chunk that took the latest arrival: only it may absorb the next anonymous volume. */
  private lastArrival: Chunk | undefined

  /** Adds arriving volume (always the newest order); returns the chunk that holds it. */
  arrive(orderSeq: number, cv: number, tracked: boolean): Chunk {
    const last = this.lastArrival
    if (!tracked && last && !last.tracked && last.queued) {
      last.unpaired += cv
      return last
    }
    const chunk: Chunk = { orderSeq, tracked, unpaired: cv, queued: true, consumed: [] }
    this.queue.push(chunk)
    this.lastArrival = chunk
    return chunk
  }

  /** Consumes `amount` oldest-first; the first `paidAmount` of it is the paid part. */
  consume(amount: number, paidAmount: number): void {
    let paidBudget = paidAmount
    while (amount > 0) {
      const chunk = this.queue[this.head]
      const take = Math.min(chunk.unpaired, amount)
      if (take > 0) {
        const paidTake = Math.min(take, paidBudget)
        if (paidTake > 0) this.record(chunk, paidTake, true)
        if (take > paidTake) this.record(chunk, take - paidTake, false)
        paidBudget -= paidTake
        chunk.unpaired -= take
        amount -= take
      }
      if (chunk.unpaired === 0) {
        chunk.queued = false
        this.head++
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }

  private record(chunk: Chunk, amount: number, paid: boolean): void {
    const top = this.stack[this.stack.length - 1]
    if (top && top.chunk === chunk && top.paid === paid && chunk.consumed[chunk.consumed.length - 1] === top) {
      top.amount += amount
      return
    }
    const consumption = { chunk, amount, paid }
    chunk.consumed.push(consumption)
    this.stack.push(consumption)
  }

  /** Gives back `amount` of consumed volume, most recently consumed first. */
  restoreRecent(amount: number): void {
    while (amount > 0) {
      const top = this.stack[this.stack.length - 1]
      if (top.amount === 0) {
        this.stack.pop()
        continue
      }
      const take = Math.min(top.amount, amount)
      top.amount -= take
      amount -= take
      this.requeue(top.chunk, take)
    }
  }

  /** Puts volume back into carry at its order's place, so oldest-first still holds. */
  private requeue(chunk: Chunk, amount: number): void {
    chunk.unpaired += amount
    if (chunk.queued) return
    chunk.queued = true
    let low = this.head
    let high = this.queue.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.queue[mid].orderSeq < chunk.orderSeq) low = mid + 1
      else high = mid
    }
    this.queue.splice(low, 0, chunk)
  }
}

export class VolumeLegs {
  /** legs[member * 2 + side]: carry plus open-period volume. */
  readonly volume: number[] = []
  private readonly traced: (TracedLeg | undefined)[] = []

  constructor(private tracing: boolean) {}

  get isTracing(): boolean {
    return this.tracing
  }

  /** After the last refund nothing can be restored any more: keep the totals only. */
  stopTracing(): void {
    this.tracing = false
    this.traced.length = 0
  }

  ensure(member: number): void {
    while (this.volume.length < (member + 1) * 2) this.volume.push(0)
  }

  total(member: number, side: number): number {
    return this.volume[member * 2 + side]
  }

  private leg(member: number, side: number): TracedLeg {
    const key = member * 2 + side
    let leg = this.traced[key]
    if (!leg) {
      leg = new TracedLeg()
      this.traced[key] = leg
    }
    return leg
  }

  /** Adds an order's CV to one leg; returns its chunk when the order is tracked. */
  add(member: number, side: number, orderSeq: number, cv: number, tracked: boolean): Chunk | undefined {
    this.volume[member * 2 + side] += cv
    if (!this.tracing) return undefined
    const chunk = this.leg(member, side).arrive(orderSeq, cv, tracked)
    return tracked ? chunk : undefined
  }

  /** Adds volume no refund will ask about (tracing has stopped, or never started). */
  addUntraced(member: number, side: number, amount: number): void {
    if (this.tracing) throw new Error("internal: untraced volume while refunds are traced")
    this.volume[member * 2 + side] += amount
  }

  /** Pairing: removes `amount` from both legs, the first `paidAmount` of it paid. */
  consume(member: number, amount: number, paidAmount: number): void {
    this.volume[member * 2 + LEFT] -= amount
    this.volume[member * 2 + RIGHT] -= amount
    if (!this.tracing) return
    this.leg(member, LEFT).consume(amount, paidAmount)
    this.leg(member, RIGHT).consume(amount, paidAmount)
  }

  /** negative_carry: the refunded volume leaves the leg, which may go below zero. */
  subtract(member: number, side: number, amount: number): void {
    this.volume[member * 2 + side] -= amount
  }

  /**
   * clawback_restore: refunds `amount` of the order's volume in this leg. Returns the paid
   * volume that must be clawed back; the partner leg gets its consumed volume restored.
   */
  refundTraced(member: number, side: number, chunk: Chunk, amount: number): number {
    const fromUnpaired = Math.min(chunk.unpaired, amount)
    chunk.unpaired -= fromUnpaired
    this.volume[member * 2 + side] -= fromUnpaired
    let paired = amount - fromUnpaired
    let paidVolume = 0
    const restored = paired
    for (let k = chunk.consumed.length - 1; k >= 0 && paired > 0; k--) {
      const consumption = chunk.consumed[k]
      const take = Math.min(consumption.amount, paired)
      consumption.amount -= take
      paired -= take
      if (consumption.paid) paidVolume += take
    }
    if (restored > 0) {
      const partner = 1 - side
      this.leg(member, partner).restoreRecent(restored)
      this.volume[member * 2 + partner] += restored
    }
    return paidVolume
  }
}
