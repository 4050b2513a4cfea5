/**
 * The commission worker (docs/ledger.md): a BullMQ worker on the plugin's queue plus the
 * maintenance loops that keep the queue honest. Runs inside Medusa (unless Medusa runs as
 * `server`) and as the standalone `mlm-worker` command; any number of them can run against one
 * Redis and one PostgreSQL.
 *
 * Throughput comes from batching: the worker takes up to `concurrency` jobs at once and the
 * batcher writes the order jobs that arrive within `lingerMs` (default 0: the same turn of the
 * event loop; waiting longer only added its wait to every order at paced rates), or `batchSize`
 * of them, in ONE atomic write; jobs that arrive while a batch is written form the next one, and a second batch
 * is written alongside (up to `batchesInFlight`) only when it is full. A job's promise settles
 * when its batch commits, so BullMQ marks it completed only once its lines are durable. A failing
 * batch is retried job by job, so one bad job fails alone.
 */
import { UnrecoverableError, Worker, type Job } from "bullmq"
import IORedis from "ioredis"
import { startPeriodWorker } from "../periods/queue"
import { releaseHeldLines } from "../repositories/ledger-sql"
import { claimOutboxForRelay, markOutboxFailed } from "../repositories/outbox-sql"
import { AdjustmentRefusedError, processAdjustment } from "./adjustment-processor"
import { COMMISSION_QUEUE, commissionJobSchema, jobKeyOf, type OrderJob } from "./jobs"
import { processOrderBatch, type LedgerConfig } from "./order-processor"
import { CommissionQueue } from "./queue"
import { isTransientPgError, type SqlDb } from "./sql-db"

export interface RunnerLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export interface CommissionRunnerOptions {
  db: SqlDb
  redisUrl: string
  prefix: string
  holdingDays: number
  concurrency?: number
  batchSize?: number
  lingerMs?: number
  /** Full order batches committing at once (default 2: one computes while the other commits). */
  batchesInFlight?: number
  relayIntervalMs?: number
  releaseIntervalMs?: number
  /** A pending outbox job older than this is offered again by the relay. */
  relayPendingAfterMs?: number
  relayQueuedAfterMs?: number
  now?: () => Date
  logger?: RunnerLogger
}

export interface CommissionRunner {
  worker: Worker
  queue: CommissionQueue
  /** One relay pass: offers due outbox jobs to Redis; returns how many. */
  relayOnce(): Promise<number>
  /** One release pass: held lines whose hold ended become available; returns how many. */
  releaseOnce(): Promise<number>
  close(): Promise<void>
}

/** About 100,000 lines of 50-line orders per statement. */
const RELEASE_HOLDS_PER_STATEMENT = 2_000

const silent: RunnerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export function startCommissionRunner(options: CommissionRunnerOptions): CommissionRunner {
  const logger = options.logger ?? silent
  const config: LedgerConfig = { holdingDays: options.holdingDays, now: options.now ?? (() => new Date()) }
  const batcher = new OrderBatcher(options.db, config, options.batchSize ?? 256, options.lingerMs ?? 0, options.batchesInFlight ?? 2)
  const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null })
  connection.on("error", () => undefined)
  const queue = new CommissionQueue(options.redisUrl, options.prefix)

  const worker = new Worker(
    COMMISSION_QUEUE,
    async (job: Job) => {
      const parsed = commissionJobSchema.safeParse(job.data)
      if (!parsed.success) {
        const message = `Invalid commission job ${job.id}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`
        await markOutboxFailed(options.db.exec, String(job.id), message)
        throw new UnrecoverableError(message)
      }
      const data = parsed.data
      if (data.kind === "order") return batcher.add(data)
      try {
        return await processAdjustment(options.db, data, config)
      } catch (error) {
        if (error instanceof AdjustmentRefusedError) {
          await markOutboxFailed(options.db.exec, jobKeyOf(data), error.message)
          throw new UnrecoverableError(error.message)
        }
        throw error
      }
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency ?? 256, autorun: true },
  )
  worker.on("error", (error) => logger.warn(`mlm commission worker: ${error.message}`))
  worker.on("failed", (job, error) => logger.warn(`mlm commission job ${job?.id} failed: ${error.message}`))
  // Period runs (docs/periods.md) share this runner's life cycle, Redis and prefix.
  const periodWorker = startPeriodWorker({ db: options.db, redisUrl: options.redisUrl, prefix: options.prefix, now: options.now, logger })

  const relayOnce = async () => {
    const due = await claimOutboxForRelay(options.db.exec, {
      pendingAfterMs: options.relayPendingAfterMs ?? 5000,
      queuedAfterMs: options.relayQueuedAfterMs ?? 120_000,
      limit: 1000,
    })
    if (due.length === 0) return 0
    const offered = await queue.offer(due.map((row) => ({ key: row.job_key, name: row.job_name, payload: row.payload })))
    if (!offered) {
      // Back to pending so the next pass offers them again as soon as Redis answers.
      await options.db.exec(`UPDATE mlm_outbox SET status = 'pending' WHERE id = ANY($1::bigint[]) AND status = 'queued'`, [due.map((row) => row.id)])
      return 0
    }
    return due.length
  }
  // Up to RELEASE_HOLDS_PER_STATEMENT holds (orders, adjustments) per statement, until none is due.
  const releaseOnce = async () => {
    let lines = 0
    for (;;) {
      const released = await releaseHeldLines(options.db.exec, config.now(), RELEASE_HOLDS_PER_STATEMENT)
      lines += released.lines
      if (released.holds < RELEASE_HOLDS_PER_STATEMENT) return lines
    }
  }

  const loops = [
    every(options.relayIntervalMs ?? 1000, relayOnce, (error) => logger.warn(`mlm outbox relay: ${error.message}`)),
    every(options.releaseIntervalMs ?? 60_000, releaseOnce, (error) => logger.warn(`mlm hold release: ${error.message}`)),
  ]

  return {
    worker,
    queue,
    relayOnce,
    releaseOnce,
    async close() {
      for (const loop of loops) loop.stop()
      await worker.close().catch(() => undefined)
      await periodWorker.close()
      await batcher.drain()
      await queue.close()
      connection.disconnect()
    },
  }
}

/** Runs `task` every `intervalMs`, never two at once. */
function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: Error) => void) {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    task()
      .catch((error: Error) => onError(error))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

type Pending = { job: OrderJob; resolve: (value: unknown) => void; reject: (error: unknown) => void }

/**
 * Collects order jobs into batches. A partial batch is written only when no other batch is being
 * written; jobs that arrive meanwhile join the next one (group commit), so the batch size follows
 * the load: one order per write when the worker is idle, larger batches and fewer statements per
 * order as the rate rises. A second batch is written alongside only once it is full
 * (`maxInFlight` at most), so under a backlog one batch is computed while another is written.
 */
class OrderBatcher {
  private pending: Pending[] = []
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  private inFlight = new Set<Promise<void>>()

  constructor(
    private readonly db: SqlDb,
    private readonly config: LedgerConfig,
    private readonly batchSize: number,
    private readonly lingerMs: number,
    private readonly maxInFlight: number,
  ) {}

  add(job: OrderJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject })
      if (this.pending.length >= this.batchSize) this.flush()
      // lingerMs 0: the jobs BullMQ hands over in the same turn still go as one batch.
      else if (this.inFlight.size === 0) this.timer ??= this.lingerMs > 0 ? setTimeout(() => this.flush(), this.lingerMs) : setImmediate(() => this.flush())
      // else: the write in flight takes them when it ends.
    })
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      this.flush()
      await Promise.race(this.inFlight)
    }
  }

  /** Starts a batch while jobs wait: a partial one only when nothing is being written. */
  private flush(): void {
    if (this.timer !== undefined) {
      if (this.lingerMs > 0) clearTimeout(this.timer as NodeJS.Timeout)
      else clearImmediate(this.timer as NodeJS.Immediate)
    }
    this.timer = undefined
    while (
      this.pending.length > 0 &&
      this.inFlight.size < this.maxInFlight &&
      (this.inFlight.size === 0 || this.pending.length >= this.batchSize)
    ) {
      const batch = this.pending.splice(0, this.batchSize)
      const run: Promise<void> = this.commit(batch).finally(() => {
        this.inFlight.delete(run)
        // These jobs waited for a write already: no linger.
        this.flush()
      })
      this.inFlight.add(run)
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const outcome = await processOrderBatch(this.db, batch.map((entry) => entry.job), this.config)
        for (const entry of batch) entry.resolve(outcome)
        return
      } catch (error) {
        if (!isTransientPgError(error) || attempt === 3) break
      }
    }
    // Isolate the culprit: each job alone; its own failure goes back to BullMQ's retries.
    for (const entry of batch) {
      try {
        entry.resolve(await processOrderBatch(this.db, [entry.job], this.config))
      } catch (error) {
        entry.reject(error)
      }
    }
  }
}
