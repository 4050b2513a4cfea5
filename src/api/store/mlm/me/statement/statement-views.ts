import { periodBounds, periodKeyOf } from "../../../../../modules/mlm/domain/period-key"
import type {
  StatementLineRow,
  StatementTotalRow,
} from "../../../../../modules/mlm/repositories/back-office-statement-sql"
import { periodKeysEndingIn } from "../volumes/period-keys"
import type { StoreStatementQueryType } from "./validators"

/**
 * The statement as the distributor reads it: each line with what explains it (bonus, level,
 * source order or period run, base, rate, status, hold) and totals by bonus and by status.
 * A line of the caller's downline names the order by id only: no buyer, no customer.
 */

export type StatementRange = { period_key: string | null; from: Date; to: Date }

/** The range the query asks for; neither a period nor a range means the current calendar month. */
export function statementRange(query: StoreStatementQueryType, now: Date): StatementRange {
  if (query.from && query.to) return { period_key: null, from: query.from, to: query.to }
  const key = query.period_key ?? periodKeyOf("monthly", now)
  const { start, end } = periodBounds(key)
  return { period_key: key, from: start, to: end }
}

export function statementWindow(range: StatementRange, beneficiaryNode: number) {
  const periods = periodKeysEndingIn(range.from, range.to)
  return { beneficiaryNode, from: range.from, to: range.to, periodKeys: periods.keys, periodEarnedAt: periods.lastInstants }
}

/** bigint text → integer; a value beyond 2^53 would be a broken row, not a rounding. */
function integer(value: string | number): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`Ledger value ${value} is not a safe integer`)
  return number
}

const integerOrNull = (value: string | null) => (value === null ? null : integer(value))

const BONUS_LABELS: Record<string, string> = {
  unilevel: "Unilevel",
  retail_profit: "Retail profit",
  fast_start: "Fast start",
  binary: "Binary",
  matrix: "Matrix",
  matrix_completion: "Matrix completion",
  board_cycle: "Board cycle",
  board_reentry_fee: "Board re-entry fee",
  stair_step: "Stair-step",
  generation: "Stair-step generation",
  matching: "Matching",
  pool: "Pool",
}

/** What the amount was computed on, in the line's own integers (minor units, basis points). */
function basisOf(row: StatementLineRow): string | null {
  if (row.base_minor === null) return null
  // An order line's base is its CV (retail profit: retail minus wholesale); a clawback's is the change of net CV.
  const unit = row.source_kind === "period" ? "" : row.source_kind === "adjustment" ? " CV change" : " CV"
  if (row.rate_bp !== null) return `${row.rate_bp} bp of ${row.base_minor}${unit}`
  if (row.source_kind === "order" && row.bonus === "retail_profit") return `retail minus wholesale ${row.base_minor}`
  return `base ${row.base_minor}${unit}`
}

/** One sentence from the line's own facts; it claims nothing the facts do not say. */
function explain(row: StatementLineRow): string {
  const bonus = `${BONUS_LABELS[row.bonus] ?? row.bonus}${row.level > 0 ? ` level ${row.level}` : ""}`
  let what: string
  if (row.source_kind === "order") {
    what = `${bonus} on order ${row.order_id}`
  } else if (row.source_kind === "adjustment") {
    const change = row.net_cv_before !== null ? ` (net CV ${row.net_cv_before} → ${row.net_cv_after})` : ""
    what = `Clawback of ${bonus} on order ${row.order_id} after a ${row.adjustment_kind ?? "change"}${change}`
  } else {
    what = `${bonus} for period ${row.period_key}`
  }
  const basis = basisOf(row)
  return basis ? `${what}: ${basis}` : what
}

function sourceOf(row: StatementLineRow) {
  if (row.source_kind === "order") return { kind: "order" as const, order_id: row.order_id }
  if (row.source_kind === "adjustment") {
    return {
      kind: "adjustment" as const,
      order_id: row.order_id,
      adjustment: {
        kind: row.adjustment_kind,
        net_cv_before: integerOrNull(row.net_cv_before),
        net_cv_after: integerOrNull(row.net_cv_after),
      },
    }
  }
  return { kind: "period" as const, period_run_id: row.source_id, period_key: row.period_key }
}

export function storeStatementLineView(row: StatementLineRow) {
  return {
    id: String(row.id),
    bonus: row.bonus,
    level: Number(row.level),
    amount_minor: integer(row.amount_minor),
    currency_code: row.currency_code,
    status: row.status,
    hold_until: row.hold_until,
    created_at: row.created_at,
    earned_at: row.earned_at,
    period_key: row.period_key,
    base_minor: integerOrNull(row.base_minor),
    rate_bp: row.rate_bp === null ? null : Number(row.rate_bp),
    source: sourceOf(row),
    explanation: explain(row),
  }
}

type StatusTotal = { amount_minor: number; lines: number }
type BonusTotal = { bonus: string; earned_minor: number; canceled_minor: number; lines: number }
type CurrencyTotals = {
  currency_code: string
  /** pending + available: canceled lines are never paid. */
  earned_minor: number
  lines: number
  by_status: { pending: StatusTotal; available: StatusTotal; canceled: StatusTotal }
  by_bonus: BonusTotal[]
}

/** Totals per currency (rows come ordered by currency, bonus, status). */
export function statementTotalsView(rows: readonly StatementTotalRow[]): CurrencyTotals[] {
  const byCurrency = new Map<string, CurrencyTotals>()
  for (const row of rows) {
    let totals = byCurrency.get(row.currency_code)
    if (!totals) {
      const zero = () => ({ amount_minor: 0, lines: 0 })
      totals = { currency_code: row.currency_code, earned_minor: 0, lines: 0, by_status: { pending: zero(), available: zero(), canceled: zero() }, by_bonus: [] }
      byCurrency.set(row.currency_code, totals)
    }
    const amount = integer(row.amount_minor)
    const lines = integer(row.lines)
    let bonus = totals.by_bonus.find((entry) => entry.bonus === row.bonus)
    if (!bonus) {
      bonus = { bonus: row.bonus, earned_minor: 0, canceled_minor: 0, lines: 0 }
      totals.by_bonus.push(bonus)
    }
    totals.by_status[row.status].amount_minor += amount
    totals.by_status[row.status].lines += lines
    totals.lines += lines
    bonus.lines += lines
    if (row.status === "canceled") {
      bonus.canceled_minor += amount
    } else {
      bonus.earned_minor += amount
      totals.earned_minor += amount
    }
  }
  return [...byCurrency.values()]
}
