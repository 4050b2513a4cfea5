/**
 * The producer side of the commission queue: record in the outbox (PostgreSQL), then offer to
 * BullMQ with jobId = the job key. When Redis is down the offer fails fast and the job waits in
 * the outbox for the relay (commissions/runner.ts). Also the admin view of failed jobs.
 */
import { Queue } from "bullmq"
import IORedis from "ioredis"
import { offerFailed, recordOutboxJobs, reopenOutboxJob } from "../repositories/outbox-sql"
import { COMMISSION_JOB_OPTIONS, COMMISSION_QUEUE, jobKeyOf, type CommissionJob } from "./jobs"
import type { SqlDb } from "./sql-db"

/** How long a producer waits for Redis before leaving the job to the relay. */
const OFFER_TIMEOUT_MS = 1000

export interface FailedCommissionJob {
  id: string
  name: string
  failed_reason: string
  attempts_made: number
  failed_at: string | null
  order_id: string | null
}

export class CommissionQueue {
  readonly queue: Queue
  private readonly connection: IORedis

  constructor(redisUrl: string, prefix: string) {
    // No offline queue: while Redis is down an offer fails at once instead of piling up.
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
    this.connection.on("error", () => undefined)
    this.queue = new Queue(COMMISSION_QUEUE, { connection: this.connection, prefix })
    this.queue.on("error", () => undefined)
  }

  /** Records the jobs (once per key) and offers them to Redis; returns the keys recorded now. */
  async enqueue(db: SqlDb, jobs: readonly CommissionJob[]): Promise<{ recorded: string[]; offered: boolean }> {
    const keyed = jobs.map((job) => ({ key: jobKeyOf(job), name: job.kind, payload: job }))
    // Recorded as offered: the relay re-offers them only if they are not done within its queued limit.
    const recorded = await recordOutboxJobs(db.exec, keyed, "queued")
    const fresh = keyed.filter((job) => recorded.has(job.key))
    const offered = await this.offer(fresh)
    if (!offered) await offerFailed(db.exec, fresh.map((job) => job.key))
    return { recorded: [...recorded], offered }
  }

  /** Offers jobs to Redis; false when Redis did not take them in time (the relay will). */
  async offer(jobs: readonly { key: string; name: string; payload: unknown }[]): Promise<boolean> {
    if (jobs.length === 0) return true
    const add = this.queue.addBulk(
      jobs.map((job) => ({ name: job.name, data: job.payload, opts: { ...COMMISSION_JOB_OPTIONS, jobId: job.key } })),
    )
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), OFFER_TIMEOUT_MS)
    })
    try {
      return await Promise.race([add.then(() => true as const), timeout])
    } catch {
      return false
    } finally {
      clearTimeout(timer)
      add.catch(() => undefined)
    }
  }

  async listFailed(offset: number, limit: number): Promise<{ jobs: FailedCommissionJob[]; count: number }> {
    const [jobs, count] = await Promise.all([this.queue.getFailed(offset, offset + limit - 1), this.queue.getFailedCount()])
    return {
      count,
      jobs: jobs.map((job) => ({
        id: String(job.id),
        name: job.name,
        failed_reason: job.failedReason,
        attempts_made: job.attemptsMade,
        failed_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        order_id: typeof job.data?.order_id === "string" ? job.data.order_id : null,
      })),
    }
  }

  /** Retries a failed job; false when no failed job has that id. */
  async retryFailed(db: SqlDb, jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId)
    if (!job || !(await job.isFailed())) return false
    await reopenOutboxJob(db.exec, jobId)
    await job.retry("failed")
    return true
  }

  async counts(): Promise<Record<string, number>> {
    // Completed jobs leave Redis at once (COMMISSION_JOB_OPTIONS): the outbox counts them as done.
    return this.queue.getJobCounts("waiting", "active", "delayed", "failed")
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined)
    this.connection.disconnect()
  }
}
