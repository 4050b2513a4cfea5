/**
 * The distributor back office's earnings statement (docs/api.md, "Distributor back office"):
 * one distributor's ledger lines with the facts that explain each one, for a time range.
 *
 * When a line is earned decides which statement shows it: an order line at the order's
 * `placed_at`, a clawback when it was posted (its order's period is still named), a period line
 * at the last instant of its run's period. The scope is the beneficiary's own node, the first
 * condition of every statement here; nothing is read wider and filtered afterwards.
 */
import type { SqlDb } from "../commissions/sql-db"
import type { SqlExec } from "./sql-exec"

/** One REPEATABLE READ, read-only transaction: every read of a back-office answer sees one state. */
export function readOnlySnapshot<T>(db: SqlDb, work: (exec: SqlExec) => Promise<T>): Promise<T> {
  return db.transaction(async (exec) => {
    await exec(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`)
    return work(exec)
  })
}

export type StatementWindow = {
  beneficiaryNode: number
  from: Date
  to: Date
  /** Period runs whose lines fall in [from, to): their keys and the last instant of each period. */
  periodKeys: string[]
  periodEarnedAt: Date[]
}

export type StatementLineRow = {
  id: string
  source_kind: "order" | "adjustment" | "period"
  source_id: string
  bonus: string
  level: number
  amount_minor: string
  currency_code: string
  order_id: string | null
  base_minor: string | null
  rate_bp: number | null
  status: "pending" | "available" | "canceled"
  hold_until: Date | null
  created_at: Date
  earned_at: Date
  period_key: string | null
  adjustment_kind: string | null
  net_cv_before: string | null
  net_cv_after: string | null
}

export type StatementTotalRow = {
  currency_code: string
  bonus: string
  status: "pending" | "available" | "canceled"
  amount_minor: string
  lines: string
}

// $1 node, $2 from, $3 to, $4 period keys, $5 their earned_at. The adjustment and run joins are
// conditional on the line's kind, so each line meets at most one row of each.
const WINDOW_LINES = `
  WITH lines AS (
    SELECT l.id, l.source_kind, l.source_id, l.bonus, l.level, l.amount_minor, l.currency_code, l.order_id,
           l.base_minor, l.rate_bp, l.status, l.hold_until, l.created_at,
           CASE l.source_kind WHEN 'order' THEN r.placed_at WHEN 'adjustment' THEN l.created_at ELSE p.earned_at END AS earned_at,
           CASE l.source_kind WHEN 'period' THEN run.period_key ELSE r.period_key END AS period_key,
           a.kind AS adjustment_kind, a.net_cv_before, a.net_cv_after
      FROM mlm_ledger_line l
      LEFT JOIN mlm_commission_record r ON r.order_id = l.order_id
      LEFT JOIN mlm_commission_adjustment a ON l.source_kind = 'adjustment' AND a.adjustment_key = l.source_id
      LEFT JOIN mlm_period_run run ON l.source_kind = 'period' AND run.id = l.source_id
      LEFT JOIN unnest($4::text[], $5::timestamptz[]) AS p(period_key, earned_at) ON p.period_key = run.period_key
     WHERE l.beneficiary_node = $1
  )`

const IN_WINDOW = `earned_at >= $2::timestamptz AND earned_at < $3::timestamptz`

function windowParams(window: StatementWindow): unknown[] {
  return [
    window.beneficiaryNode,
    window.from.toISOString(),
    window.to.toISOString(),
    window.periodKeys,
    window.periodEarnedAt.map((at) => at.toISOString()),
  ]
}

/** One page of the window's lines, oldest first (a statement reads like a bank statement). */
export async function selectStatementLines(
  exec: SqlExec,
  window: StatementWindow,
  page: { limit: number; offset: number }
): Promise<{ rows: StatementLineRow[]; count: number }> {
  const params = windowParams(window)
  const rows = await exec<StatementLineRow>(
    `${WINDOW_LINES}
     SELECT * FROM lines WHERE ${IN_WINDOW} ORDER BY earned_at, id LIMIT $6 OFFSET $7`,
    [...params, page.limit, page.offset]
  )
  const [count] = await exec<{ n: string }>(`${WINDOW_LINES} SELECT count(*) AS n FROM lines WHERE ${IN_WINDOW}`, params)
  return { rows, count: Number(count?.n ?? 0) }
}

/** Sums of the whole window (not only the page) per currency, bonus and status. */
export function selectStatementTotals(exec: SqlExec, window: StatementWindow): Promise<StatementTotalRow[]> {
  return exec<StatementTotalRow>(
    `${WINDOW_LINES}
     SELECT currency_code, bonus, status, sum(amount_minor) AS amount_minor, count(*) AS lines
       FROM lines WHERE ${IN_WINDOW}
      GROUP BY currency_code, bonus, status
      ORDER BY currency_code, bonus, status`,
    windowParams(window)
  )
}
