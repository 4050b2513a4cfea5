/**
 * The admin overview's figures for one period [start, end), each one grouped statement:
 * the network by status (and who joined in the period), the order volume of the period by
 * currency, and the commissions the period produced by currency and line status. Commissions
 * of a period = the lines of orders placed in it, their clawbacks, and the lines of the period
 * runs of that very period key. Range scans use mlm_commission_record (placed_at) and the
 * ledger's identity index (source_id first); no ledger scan by time.
 */
import type { SqlExec } from "../../../../modules/mlm/repositories/sql-exec"

type Window = { start: Date; end: Date; periodKey: string }

export type NetworkRow = { status: string; distributors: number; new_in_period: number }

export function selectNetwork(exec: SqlExec, window: Window): Promise<NetworkRow[]> {
  return exec<NetworkRow>(
    `SELECT status, count(*)::int AS distributors,
            (count(*) FILTER (WHERE enrolled_at >= $1 AND enrolled_at < $2))::int AS new_in_period
       FROM mlm_distributor WHERE deleted_at IS NULL AND NOT is_house
      GROUP BY status ORDER BY status`,
    [window.start.toISOString(), window.end.toISOString()]
  )
}

export type VolumeRow = { currency_code: string; orders: number; cv_minor: string; net_cv_minor: string }

export function selectVolume(exec: SqlExec, window: Window): Promise<VolumeRow[]> {
  return exec<VolumeRow>(
    `SELECT currency_code, count(*)::int AS orders, sum(cv_minor)::text AS cv_minor, sum(net_cv_minor)::text AS net_cv_minor
       FROM mlm_commission_record WHERE placed_at >= $1 AND placed_at < $2
      GROUP BY currency_code ORDER BY currency_code`,
    [window.start.toISOString(), window.end.toISOString()]
  )
}

export type CommissionRow = { currency_code: string; status: string; lines: number; amount_minor: string }

export function selectCommissions(exec: SqlExec, window: Window): Promise<CommissionRow[]> {
  return exec<CommissionRow>(
    `WITH orders AS (SELECT order_id FROM mlm_commission_record WHERE placed_at >= $1 AND placed_at < $2),
          sources AS (
            SELECT 'order'::text AS kind, order_id AS id FROM orders
            UNION ALL SELECT 'adjustment', a.adjustment_key FROM mlm_commission_adjustment a JOIN orders o ON o.order_id = a.order_id
            UNION ALL SELECT 'period', r.id FROM mlm_period_run r WHERE r.period_key = $3)
     SELECT l.currency_code, l.status, count(*)::int AS lines, sum(l.amount_minor)::text AS amount_minor
       FROM sources s JOIN mlm_ledger_line l ON l.source_id = s.id AND l.source_kind = s.kind
      GROUP BY l.currency_code, l.status ORDER BY l.currency_code, l.status`,
    [window.start.toISOString(), window.end.toISOString(), window.periodKey]
  )
}
