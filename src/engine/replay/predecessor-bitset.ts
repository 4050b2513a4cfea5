/**
 * A set of integers 0..size-1 answering "largest member ≤ p" in O(log32 size) word steps: each
 * level above the bits keeps one bit per non-empty word of the level below (4 levels cover
 * 2^20 members). Insert and delete touch at most one word per level.
 */
export class PredecessorBitset {
  /** levels[0] holds the members; levels[k + 1] has bit w set iff levels[k][w] !== 0. */
  private readonly levels: Uint32Array[] = []

  constructor(size: number) {
    let bits = Math.max(1, size)
    do {
      const words = Math.ceil(bits / 32)
      this.levels.push(new Uint32Array(words))
      bits = words
    } while (bits > 1)
  }

  add(value: number): void {
    for (let k = 0, v = value; k < this.levels.length; k++, v >>>= 5) {
      const words = this.levels[k]
      const wasEmpty = words[v >>> 5] === 0
      words[v >>> 5] |= 1 << (v & 31)
      if (!wasEmpty) return
    }
  }

  delete(value: number): void {
    for (let k = 0, v = value; k < this.levels.length; k++, v >>>= 5) {
      const words = this.levels[k]
      words[v >>> 5] &= ~(1 << (v & 31))
      if (words[v >>> 5] !== 0) return
    }
  }

  /** The largest member ≤ `at`, or -1. */
  floor(at: number): number {
    // Climb while no member sits at or below the position within its word…
    let k = 0
    let v = at
    for (;;) {
      if (v < 0) return -1
      // (2 << 31) - 1 is -1: every bit, for position 31.
      const below = this.levels[k][v >>> 5] & ((2 << (v & 31)) - 1)
      if (below !== 0) {
        v = (v & ~31) + 31 - Math.clz32(below)
        break
      }
      if (k + 1 === this.levels.length) return -1
      v = (v >>> 5) - 1
      k++
    }
    // …then descend, taking the highest set bit of each non-empty word.
    for (; k > 0; k--) v = v * 32 + 31 - Math.clz32(this.levels[k - 1][v])
    return v
  }
}
