/**
 * The lines a period run posts, as columns: one row per (member, bonus, level), which is also
 * the key of `mlm_period_result`. Besides the amount each row keeps what it was computed from
 * (`baseMinor`, `rateBp`), so a statement can explain it:
 *
 * | bonus        | level      | baseMinor                          | rateBp              | cents                                   |
 * |--------------|------------|------------------------------------|---------------------|-----------------------------------------|
 * | `binary`     | 0          | matched volume min(left, right)    | `rate_bp`           | round(base × rate), at most `cap_cents` |
 * | `stair_step` | 0          | the member's personal group volume | its step's rate     | the differential (less what was paid below) |
 * | `generation` | generation | volume of that generation's breakaways | `generations_bp[g-1]` | round(base × rate)               |
 * | `matching`   | generation | that generation's paid sum         | `generations_bp[g-1]` | round(base × rate), may be negative  |
 * | `pool`       | 0          | the period's total CV              | `rate_bp`           | the member's largest-remainder part     |
 */

export const PERIOD_BONUSES = ["binary", "stair_step", "generation", "matching", "pool"] as const
export type PeriodBonus = (typeof PERIOD_BONUSES)[number]
/** `PeriodLines.bonus` holds the index of the bonus name in `PERIOD_BONUSES`. */
export const PERIOD_BONUS_CODE: Readonly<Record<PeriodBonus, number>> = {
  binary: 0,
  stair_step: 1,
  generation: 2,
  matching: 3,
  pool: 4,
}

export interface PeriodLines {
  readonly count: number
  readonly toIdx: Int32Array
  /** Index into `PERIOD_BONUSES`. */
  readonly bonus: Uint8Array
  /** Generation for `generation` and `matching` (1 = first), else 0. */
  readonly level: Uint8Array
  /** Minor units, never 0 (the spec posts no zero-cent lines). */
  readonly cents: Float64Array
  readonly baseMinor: Float64Array
  readonly rateBp: Uint16Array
}

/** Append-only columns, grown by doubling (at most a few rows per member). */
export class PeriodLineColumns {
  count = 0
  toIdx: Int32Array
  bonus: Uint8Array
  level: Uint8Array
  cents: Float64Array
  baseMinor: Float64Array
  rateBp: Uint16Array

  constructor(initialCapacity: number) {
    const capacity = Math.max(64, initialCapacity)
    this.toIdx = new Int32Array(capacity)
    this.bonus = new Uint8Array(capacity)
    this.level = new Uint8Array(capacity)
    this.cents = new Float64Array(capacity)
    this.baseMinor = new Float64Array(capacity)
    this.rateBp = new Uint16Array(capacity)
  }

  /** Appends a row unless `cents` is 0. */
  push(toIdx: number, bonus: number, level: number, cents: number, baseMinor: number, rateBp: number): void {
    if (cents === 0) return
    if (this.count === this.toIdx.length) this.grow()
    const row = this.count++
    this.toIdx[row] = toIdx
    this.bonus[row] = bonus
    this.level[row] = level
    this.cents[row] = cents
    this.baseMinor[row] = baseMinor
    this.rateBp[row] = rateBp
  }

  finish(): PeriodLines {
    const n = this.count
    return {
      count: n,
      toIdx: this.toIdx.subarray(0, n),
      bonus: this.bonus.subarray(0, n),
      level: this.level.subarray(0, n),
      cents: this.cents.subarray(0, n),
      baseMinor: this.baseMinor.subarray(0, n),
      rateBp: this.rateBp.subarray(0, n),
    }
  }

  private grow(): void {
    const capacity = this.toIdx.length * 2
    const widen = <T extends Int32Array | Uint8Array | Float64Array | Uint16Array>(old: T, fresh: T): T => {
      fresh.set(old as never)
      return fresh
    }
    this.toIdx = widen(this.toIdx, new Int32Array(capacity))
    this.bonus = widen(this.bonus, new Uint8Array(capacity))
    this.level = widen(this.level, new Uint8Array(capacity))
    this.cents = widen(this.cents, new Float64Array(capacity))
    this.baseMinor = widen(this.baseMinor, new Float64Array(capacity))
    this.rateBp = widen(this.rateBp, new Uint16Array(capacity))
  }
}
