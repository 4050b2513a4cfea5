/**
 * The period queue (docs/periods.md): BullMQ queue `mlm-periods`, under the same prefix as the
 * commission queue. Two kinds of job:
 *
 * - `period-run` {run_id}: one run, jobId `period-<run_id>-<runs>`, so asking twice for the same
 *   run while it waits adds nothing and every re-run is a job of its own.
 * - `period-schedule`: repeatable, every day at 00:15 UTC; creates and queues, per currency with a
 *   plan version in force, the run of the period that just ended, if it does not exist yet.
 *
 * The worker runs one job at a time (a run holds the whole network in memory) and is started and
 * closed with the commission runner. Without Redis the module runs jobs in-process instead
 * (`inlinePeriodDispatch`), and nothing schedules runs.
 */
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq"
import IORedis from "ioredis"
import { z } from "zod"
import type { SqlDb } from "../commissions/sql-db"
import { isPermanentRunError } from "./errors"
import { PeriodRuns, type PeriodDispatch } from "./period-runs"
import { runPeriod } from "./run-period"

export const PERIOD_QUEUE = "mlm-periods"
export const PERIOD_RUN_JOB = "period-run"
export const PERIOD_SCHEDULE_JOB = "period-schedule"
export const PERIOD_SCHEDULE_PATTERN = "15 0 * * *"

export const periodJobId = (runId: string, runs: number) => `period-${runId}-${runs}`

const periodRunJobSchema = z.strictObject({ run_id: z.string().min(1).max(200) })

const PERIOD_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5000 },
  removeOnComplete: { age: 7 * 86_400, count: 1000 },
  removeOnFail: { age: 30 * 86_400 },
} as const

/** How long a request waits for Redis before reporting the run as not queued. */
const OFFER_TIMEOUT_MS = 2000

/**
 * Offers run jobs to Redis. Admin requests are rare, so each offer opens and closes its own
 * connection: nothing stays open in a process that only serves the API.
 */
export function queuePeriodDispatch(redisUrl: string, prefix: string): PeriodDispatch {
  return async (runId, runs) => {
    const connection = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    connection.on("error", () => undefined)
    const queue = new Queue(PERIOD_QUEUE, { connection, prefix })
    queue.on("error", () => undefined)
    let timer: NodeJS.Timeout | undefined
    try {
      const add = queue.add(PERIOD_RUN_JOB, { run_id: runId }, { ...PERIOD_JOB_OPTIONS, jobId: periodJobId(runId, runs) })
      add.catch(() => undefined)
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), OFFER_TIMEOUT_MS)
      })
      return await Promise.race([add.then(() => true as const), timeout])
    } catch {
      return false
    } finally {
      clearTimeout(timer)
      await queue.close().catch(() => undefined)
      connection.disconnect()
    }
  }
}

/** Without Redis: the run starts in this process at once, in the background. */
export function inlinePeriodDispatch(db: SqlDb): PeriodDispatch & { idle(): Promise<void> } {
  const running = new Set<Promise<unknown>>()
  const dispatch = async (runId: string) => {
    const run: Promise<unknown> = runPeriod(db, runId)
      .catch(() => undefined)
      .finally(() => running.delete(run))
    running.add(run)
    return true
  }
  return Object.assign(dispatch, {
    async idle() {
      while (running.size > 0) await Promise.all([...running])
    },
  })
}

export interface PeriodWorkerOptions {
  db: SqlDb
  redisUrl: string
  prefix: string
  now?: () => Date
  logger?: { warn(message: string): void }
}

export interface PeriodWorker {
  worker: Worker
  close(): Promise<void>
}

export function startPeriodWorker(options: PeriodWorkerOptions): PeriodWorker {
  const now = options.now ?? (() => new Date())
  const runs = new PeriodRuns(options.db, queuePeriodDispatch(options.redisUrl, options.prefix), now)
  const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null })
  connection.on("error", () => undefined)
  const worker = new Worker(
    PERIOD_QUEUE,
    async (job: Job) => {
      if (job.name === PERIOD_SCHEDULE_JOB) return runs.createEndedPeriods(now())
      const parsed = periodRunJobSchema.safeParse(job.data)
      if (!parsed.success) throw new UnrecoverableError(`Invalid period job ${job.id}: ${parsed.error.message}`)
      try {
        return await runPeriod(options.db, parsed.data.run_id)
      } catch (error) {
        if (isPermanentRunError(error)) throw new UnrecoverableError((error as Error).message)
        throw error
      }
    },
    // A run computes for seconds without yielding: a long lock keeps it from counting as stalled.
    { connection, prefix: options.prefix, concurrency: 1, lockDuration: 600_000, autorun: true }
  )
  worker.on("error", (error) => options.logger?.warn(`mlm period worker: ${error.message}`))
  worker.on("failed", (job, error) => options.logger?.warn(`mlm period job ${job?.id} failed: ${error.message}`))

  const scheduler = new Queue(PERIOD_QUEUE, { connection, prefix: options.prefix })
  scheduler.on("error", () => undefined)
  // Re-adding the same repeatable job is a no-op, so every worker may do it at start.
  scheduler
    .add(PERIOD_SCHEDULE_JOB, {}, { repeat: { pattern: PERIOD_SCHEDULE_PATTERN, tz: "UTC" }, removeOnComplete: 100, removeOnFail: 100 })
    .catch((error: Error) => options.logger?.warn(`mlm period schedule: ${error.message}`))

  return {
    worker,
    async close() {
      await worker.close().catch(() => undefined)
      await scheduler.close().catch(() => undefined)
      connection.disconnect()
    },
  }
}

const instances = new WeakMap<SqlDb, PeriodRuns>()

/**
 * The module's PeriodRuns for a database handle: jobs go to the queue when Redis is configured,
 * else run in this process. One per handle, so the module service keeps no field for it.
 */
export function periodRunsFor(db: SqlDb, options: { redisUrl: string | undefined; prefix: string }): PeriodRuns {
  let runs = instances.get(db)
  if (!runs) {
    runs = new PeriodRuns(db, options.redisUrl ? queuePeriodDispatch(options.redisUrl, options.prefix) : inlinePeriodDispatch(db))
    instances.set(db, runs)
  }
  return runs
}
