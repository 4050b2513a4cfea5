/**
 * SQL of mlm_period_run (docs/periods.md): the row an admin watches (status, phase, progress,
 * summary, error) and the state machine a run moves through:
 *
 *   queued → running → computed → closed        (re-run: computed/failed → queued → running …)
 *                    ↘ failed
 *
 * `runs` counts the runs requested; it names the queue job (`period-<id>-<runs>`) and tells a
 * worker whether a newer request came in while it computed. Every transition that must not
 * touch a closed run says so in its WHERE clause, so "closed" is final in SQL, not by convention.
 */
import type { SqlExec } from "../repositories/sql-exec"

export const PERIOD_RUN_STATUSES = ["queued", "running", "computed", "failed", "closed"] as const
export type PeriodRunStatus = (typeof PERIOD_RUN_STATUSES)[number]
export type PeriodPhase = "load" | "compute" | "write" | "done"

export interface PeriodRunDTO {
  id: string
  period_key: string
  currency_code: string
  plan_version_id: string
  status: PeriodRunStatus
  phase: PeriodPhase | null
  progress: number
  runs: number
  error: string | null
  summary: Record<string, unknown> | null
  started_at: Date | null
  finished_at: Date | null
  closed_at: Date | null
  closed_by: string | null
  created_at: Date
}

const COLUMNS = `id, period_key, currency_code, plan_version_id, status, phase, progress, runs, error, summary,
  started_at, finished_at, closed_at, closed_by, created_at`

export async function insertRun(
  exec: SqlExec,
  row: { id: string; periodKey: string; currencyCode: string; planVersionId: string }
): Promise<PeriodRunDTO | null> {
  const rows = await exec<PeriodRunDTO>(
    `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, runs)
     VALUES ($1, $2, $3, $4, 'queued', 1)
     ON CONFLICT (period_key, currency_code) DO NOTHING
     RETURNING ${COLUMNS}`,
    [row.id, row.periodKey, row.currencyCode, row.planVersionId]
  )
  return rows[0] ?? null
}

export async function selectRun(exec: SqlExec, id: string): Promise<PeriodRunDTO | null> {
  const rows = await exec<PeriodRunDTO>(`SELECT ${COLUMNS} FROM mlm_period_run WHERE id = $1`, [id])
  return rows[0] ?? null
}

export async function selectRunOfPeriod(exec: SqlExec, periodKey: string, currencyCode: string): Promise<PeriodRunDTO | null> {
  const rows = await exec<PeriodRunDTO>(
    `SELECT ${COLUMNS} FROM mlm_period_run WHERE period_key = $1 AND currency_code = $2`,
    [periodKey, currencyCode]
  )
  return rows[0] ?? null
}

/** Newest first; `status` null for all. */
export async function selectRunPage(
  exec: SqlExec,
  page: { limit: number; offset: number; status: PeriodRunStatus | null }
): Promise<{ rows: PeriodRunDTO[]; count: number }> {
  const rows = await exec<PeriodRunDTO & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM mlm_period_run
      WHERE ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
    [page.limit, page.offset, page.status]
  )
  const count = rows[0]
    ? Number(rows[0].total)
    : Number((await exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_period_run WHERE ($1::text IS NULL OR status = $1)`, [page.status]))[0].n)
  return { rows: rows.map(({ total: _total, ...row }) => row), count }
}

/** The runs of a currency, to find the period before a run (few: one per week or month). */
export async function selectCurrencyRuns(exec: SqlExec, currencyCode: string) {
  return exec<{ id: string; period_key: string; status: PeriodRunStatus }>(
    `SELECT id, period_key, status FROM mlm_period_run WHERE currency_code = $1`,
    [currencyCode]
  )
}

/**
 * Asks for another run: bumps `runs` and queues, unless closed (null then). A run already
 * waiting keeps its counter, so asking twice does not pile up jobs.
 */
export async function requestRun(exec: SqlExec, id: string): Promise<PeriodRunDTO | null> {
  const rows = await exec<PeriodRunDTO>(
    `UPDATE mlm_period_run
        SET runs = CASE WHEN status = 'queued' THEN runs ELSE runs + 1 END,
            status = 'queued', phase = NULL, progress = 0, error = NULL
      WHERE id = $1 AND status <> 'closed'
     RETURNING ${COLUMNS}`,
    [id]
  )
  return rows[0] ?? null
}

/** A worker takes the run; null when it is closed (or gone). */
export async function claimRun(exec: SqlExec, id: string): Promise<PeriodRunDTO | null> {
  const rows = await exec<PeriodRunDTO>(
    `UPDATE mlm_period_run
        SET status = 'running', phase = 'load', progress = 0, error = NULL, started_at = now(), finished_at = NULL
      WHERE id = $1 AND status <> 'closed'
     RETURNING ${COLUMNS}`,
    [id]
  )
  return rows[0] ?? null
}

/** A short statement of its own, committed at once, so the admin API sees it during the run. */
export async function reportProgress(exec: SqlExec, id: string, phase: PeriodPhase, progress: number): Promise<void> {
  await exec(`UPDATE mlm_period_run SET phase = $2, progress = $3 WHERE id = $1 AND status = 'running'`, [
    id,
    phase,
    Math.max(0, Math.min(100, Math.round(progress))),
  ])
}

export async function setRunPlanVersion(exec: SqlExec, id: string, planVersionId: string): Promise<void> {
  await exec(`UPDATE mlm_period_run SET plan_version_id = $2 WHERE id = $1 AND status = 'running'`, [id, planVersionId])
}

/** Marks the run failed, unless a newer request queued it again meanwhile. */
export async function failRun(exec: SqlExec, id: string, runs: number, message: string): Promise<void> {
  await exec(
    `UPDATE mlm_period_run SET status = 'failed', error = $3, finished_at = now()
      WHERE id = $1 AND status = 'running' AND runs = $2`,
    [id, runs, message.slice(0, 4000)]
  )
}

export type PeriodResultDTO = {
  beneficiary_node: number
  distributor_id: string | null
  bonus: string
  level: number
  amount_minor: number
  base_minor: number | null
  rate_bp: number | null
}

type ResultRow = Omit<PeriodResultDTO, "amount_minor" | "base_minor"> & { amount_minor: string; base_minor: string | null }

export async function selectResultPage(
  exec: SqlExec,
  runId: string,
  page: { limit: number; offset: number }
): Promise<{ rows: PeriodResultDTO[]; count: number }> {
  const rows = await exec<ResultRow>(
    `SELECT r.beneficiary_node, d.id AS distributor_id, r.bonus, r.level, r.amount_minor, r.base_minor, r.rate_bp
       FROM mlm_period_result_current r LEFT JOIN mlm_distributor d ON d.node_id = r.beneficiary_node
      WHERE r.run_id = $1
      ORDER BY r.beneficiary_node, r.bonus, r.level LIMIT $2 OFFSET $3`,
    [runId, page.limit, page.offset]
  )
  const [{ n }] = await exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_period_result_current WHERE run_id = $1`, [runId])
  // bigint text → integers: period amounts are sums of minor units far below 2^53.
  const result = rows.map((row) => ({
    ...row,
    amount_minor: Number(row.amount_minor),
    base_minor: row.base_minor === null ? null : Number(row.base_minor),
  }))
  return { rows: result, count: Number(n) }
}
