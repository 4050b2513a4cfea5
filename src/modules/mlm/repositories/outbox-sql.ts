/**
 * The commission outbox (docs/ledger.md): every job is recorded in PostgreSQL before it is
 * offered to Redis, so a job survives Redis being down; the relay offers what Redis has not
 * finished. job_key is unique: recording an event twice records it once.
 */
import type { SqlExec } from "./sql-exec"

export type OutboxRow = { id: string; job_key: string; job_name: string; payload: unknown; attempts: number }

/**
 * Records jobs; returns the keys that were new. A producer that offers them to Redis right after
 * records them `queued` (and sets them back to `pending` if the offer fails: offerFailed), so the
 * relay leaves them alone while a backlog works through; without Redis they are `pending`.
 */
export async function recordOutboxJobs(
  exec: SqlExec,
  jobs: { key: string; name: string; payload: unknown }[],
  status: "pending" | "queued" = "pending",
): Promise<Set<string>> {
  if (jobs.length === 0) return new Set()
  const rows = await exec<{ job_key: string }>(
    `INSERT INTO mlm_outbox (job_key, job_name, payload, status, queued_at)
     SELECT j.job_key, j.job_name, j.payload, $4, CASE WHEN $4 = 'queued' THEN now() END
       FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS j(job_key, job_name, payload)
     ON CONFLICT (job_key) DO NOTHING
     RETURNING job_key`,
    [jobs.map((job) => job.key), jobs.map((job) => job.name), jobs.map((job) => JSON.stringify(job.payload)), status],
  )
  return new Set(rows.map((row) => row.job_key))
}

/** Jobs recorded `queued` whose offer to Redis failed: back to `pending`, for the relay. */
export async function offerFailed(exec: SqlExec, jobKeys: string[]): Promise<void> {
  if (jobKeys.length === 0) return
  await exec(`UPDATE mlm_outbox SET status = 'pending', queued_at = NULL WHERE job_key = ANY($1::text[]) AND status = 'queued'`, [jobKeys])
}

/**
 * Claims open jobs Redis should have by now: pending ones older than `pendingAfterMs` (an offer
 * failed, or no producer could offer them) and queued ones not done within `queuedAfterMs` (Redis
 * may have lost them, or the producer stopped before it offered them). SKIP LOCKED lets several
 * relays run at once.
 */
export async function claimOutboxForRelay(
  exec: SqlExec,
  options: { pendingAfterMs: number; queuedAfterMs: number; limit: number },
): Promise<OutboxRow[]> {
  return exec<OutboxRow>(
    `WITH due AS (
       SELECT id FROM mlm_outbox
        WHERE (status = 'pending' AND created_at < now() - make_interval(secs => $1::double precision / 1000))
           OR (status = 'queued' AND queued_at < now() - make_interval(secs => $2::double precision / 1000))
        ORDER BY id LIMIT $3
        FOR UPDATE SKIP LOCKED)
     UPDATE mlm_outbox o SET status = 'queued', queued_at = now(), attempts = o.attempts + 1
       FROM due WHERE o.id = due.id
     RETURNING o.id, o.job_key, o.job_name, o.payload, o.attempts`,
    [options.pendingAfterMs, options.queuedAfterMs, options.limit],
  )
}

export async function markOutboxFailed(exec: SqlExec, jobKey: string, error: string): Promise<void> {
  await exec(`UPDATE mlm_outbox SET status = 'failed', last_error = $2 WHERE job_key = $1 AND status <> 'done'`, [jobKey, error.slice(0, 2000)])
}

/** A failed job retried from the admin API goes back to pending. */
export async function reopenOutboxJob(exec: SqlExec, jobKey: string): Promise<OutboxRow | null> {
  const [row] = await exec<OutboxRow>(
    `UPDATE mlm_outbox SET status = 'pending', last_error = NULL WHERE job_key = $1 AND status = 'failed'
     RETURNING id, job_key, job_name, payload, attempts`,
    [jobKey],
  )
  return row ?? null
}

export async function outboxCounts(exec: SqlExec): Promise<Record<string, number>> {
  const rows = await exec<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM mlm_outbox GROUP BY status`)
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))
}

export type OutboxJobState = {
  job_key: string
  job_name: string
  status: "pending" | "queued" | "done" | "failed"
  attempts: number
  last_error: string | null
  created_at: Date
  queued_at: Date | null
  done_at: Date | null
}

/** One job's state (the admin's order page shows whether the order's commission job ran). */
export async function outboxJobByKey(exec: SqlExec, jobKey: string): Promise<OutboxJobState | null> {
  const [row] = await exec<OutboxJobState>(
    `SELECT job_key, job_name, status, attempts, last_error, created_at, queued_at, done_at FROM mlm_outbox WHERE job_key = $1`,
    [jobKey],
  )
  return row ?? null
}
