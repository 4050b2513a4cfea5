/**
 * What the rest of the plugin (subscribers, routes, jobs) uses of the commission pipeline,
 * behind the module service: enqueue jobs, read the ledger, manage failed jobs. Owns the producer
 * connection and, when this process runs background work, the runner (commissions/runner.ts).
 */
import type { SqlDb } from "./sql-db"
import type { AuditContext } from "../security/audit-context"
import { CommissionQueue } from "./queue"
import { startCommissionRunner, type CommissionRunner, type RunnerLogger } from "./runner"
import { processAdjustment, type AdjustmentOutcome } from "./adjustment-processor"
import { outboxCounts, recordOutboxJobs } from "../repositories/outbox-sql"
import { jobKeyOf, type AdjustmentJob, type CommissionJob } from "./jobs"
import * as statementSql from "../repositories/statement-sql"

export interface CommissionGatewayOptions {
  redisUrl: string | undefined
  prefix: string
  holdingDays: number
  concurrency: number
  batchSize: number
}

export class CommissionGateway {
  private producer: CommissionQueue | undefined
  private runner: CommissionRunner | undefined

  constructor(
    readonly db: SqlDb,
    private readonly options: CommissionGatewayOptions,
    private readonly logger?: RunnerLogger,
  ) {}

  get queueConfigured(): boolean {
    return this.options.redisUrl !== undefined
  }

  /**
   * Records jobs in the outbox and offers them to Redis. Without Redis configured they stay in
   * the outbox (pending) until a worker with Redis relays them.
   */
  async enqueue(jobs: readonly CommissionJob[]): Promise<{ recorded: string[]; offered: boolean }> {
    const producer = this.producerQueue()
    if (!producer) {
      const recorded = await recordOutboxJobs(this.db.exec, jobs.map((job) => ({ key: jobKeyOf(job), name: job.kind, payload: job })))
      return { recorded: [...recorded], offered: false }
    }
    return producer.enqueue(this.db, jobs)
  }

  startRunner(): CommissionRunner | undefined {
    if (this.runner || this.options.redisUrl === undefined) return this.runner
    this.runner = startCommissionRunner({
      db: this.db,
      redisUrl: this.options.redisUrl,
      prefix: this.options.prefix,
      holdingDays: this.options.holdingDays,
      concurrency: this.options.concurrency,
      batchSize: this.options.batchSize,
      logger: this.logger,
    })
    return this.runner
  }

  get runnerStarted(): boolean {
    return this.runner !== undefined
  }

  /** A manual adjustment from the admin (e.g. a refund made outside Medusa), applied at once. */
  adjustNow(job: AdjustmentJob, audit?: AuditContext): Promise<AdjustmentOutcome> {
    return processAdjustment(this.db, job, { holdingDays: this.options.holdingDays, now: () => new Date() }, audit)
  }

  async listFailed(offset: number, limit: number) {
    const producer = this.producerQueue()
    if (!producer) return { jobs: [], count: 0 }
    return producer.listFailed(offset, limit)
  }

  async retryFailed(jobId: string): Promise<boolean> {
    const producer = this.producerQueue()
    return producer ? producer.retryFailed(this.db, jobId) : false
  }

  async status() {
    const producer = this.producerQueue()
    return {
      queue_configured: producer !== undefined,
      worker_running: this.runner !== undefined,
      queue: producer ? await producer.counts().catch(() => null) : null,
      outbox: await outboxCounts(this.db.exec),
    }
  }

  listLines(filter: statementSql.LedgerLineFilter) {
    return statementSql.listLedgerLines(this.db.exec, filter)
  }

  balances(beneficiaryNode: number) {
    return statementSql.balancesOf(this.db.exec, beneficiaryNode)
  }

  orderCommission(orderId: string) {
    return statementSql.orderCommission(this.db.exec, orderId)
  }

  async close(): Promise<void> {
    await this.runner?.close()
    await this.producer?.close()
    this.runner = undefined
    this.producer = undefined
  }

  private producerQueue(): CommissionQueue | undefined {
    if (this.options.redisUrl === undefined) return undefined
    this.producer ??= new CommissionQueue(this.options.redisUrl, this.options.prefix)
    return this.producer
  }
}
