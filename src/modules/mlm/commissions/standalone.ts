/**
 * `mlm-worker` (bin/mlm-worker.js, `npm run worker`): the commission worker without Medusa, so
 * commission throughput scales by adding processes on any host that reaches the store's
 * PostgreSQL and the queue's Redis (docs/ledger-operations.md). It runs the very runner Medusa
 * runs in-process (commissions/runner.ts), on a `pg` pool of its own instead of Medusa's knex.
 *
 * SIGTERM/SIGINT stop taking jobs, let every job already taken commit with its batch, then close
 * Redis and PostgreSQL; a job killed harder than that is redelivered by BullMQ (stalled job) or
 * re-offered by the outbox relay, and its order's record primary key makes the redelivery write
 * nothing twice.
 */
import { Pool } from "pg"
import { z } from "zod"
import { DEFAULT_QUEUE_PREFIX } from "./jobs"
import { startCommissionRunner, type CommissionRunner, type RunnerLogger } from "./runner"
import { pgSqlDb } from "./sql-db"

/** A worker that has not drained by then exits anyway; its jobs are redelivered. */
const SHUTDOWN_DEADLINE_MS = 30_000

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max)

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, { error: "is required (postgres://user:password@host:port/database)" }),
  REDIS_URL: z.string().min(1, { error: "is required: set MLM_REDIS_URL or REDIS_URL" }),
  MLM_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).default(DEFAULT_QUEUE_PREFIX),
  MLM_HOLDING_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // Twice the batch size: one batch can fill while the other commits (runner.ts batchesInFlight).
  MLM_WORKER_CONCURRENCY: positiveInt(10_000).default(512),
  MLM_WORKER_BATCH_SIZE: positiveInt(10_000).default(256),
  MLM_DB_POOL_SIZE: positiveInt(1000).default(10),
})

export type WorkerSettings = z.infer<typeof envSchema>

/** Reads the worker's settings from the environment; throws one message naming every bad variable. */
export function workerSettingsFromEnv(env: NodeJS.ProcessEnv): WorkerSettings {
  const blank = (value: string | undefined) => (value === undefined || value === "" ? undefined : value)
  const parsed = envSchema.safeParse({
    DATABASE_URL: blank(env.DATABASE_URL) ?? "",
    REDIS_URL: blank(env.MLM_REDIS_URL) ?? blank(env.REDIS_URL) ?? "",
    MLM_QUEUE_PREFIX: blank(env.MLM_QUEUE_PREFIX),
    MLM_HOLDING_DAYS: blank(env.MLM_HOLDING_DAYS),
    MLM_WORKER_CONCURRENCY: blank(env.MLM_WORKER_CONCURRENCY),
    MLM_WORKER_BATCH_SIZE: blank(env.MLM_WORKER_BATCH_SIZE),
    MLM_DB_POOL_SIZE: blank(env.MLM_DB_POOL_SIZE),
  })
  if (!parsed.success) {
    throw new Error(`mlm-worker: bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`)
  }
  return parsed.data
}

/** host:port/database, never the password (the line goes to logs). */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname === "/" ? "" : parsed.pathname}`
  } catch {
    return "(unparsable url)"
  }
}

const consoleLogger: RunnerLogger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
}

export interface StandaloneWorker {
  runner: CommissionRunner
  /** Drains in-flight batches, then closes Redis and PostgreSQL. Idempotent. */
  stop(): Promise<void>
}

/**
 * Starts the worker from the environment and stops it on SIGTERM/SIGINT (a second signal exits at
 * once). Resolves once the worker runs.
 */
export async function main(env: NodeJS.ProcessEnv = process.env, logger: RunnerLogger = consoleLogger): Promise<StandaloneWorker> {
  const settings = workerSettingsFromEnv(env)
  const pool = new Pool({ connectionString: settings.DATABASE_URL, max: settings.MLM_DB_POOL_SIZE })
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on("error", (error) => logger.warn(`mlm-worker: idle PostgreSQL client: ${error.message}`))
  await pool.query("SELECT 1 FROM mlm_outbox LIMIT 0").catch(async (error: Error) => {
    await pool.end()
    throw new Error(`mlm-worker: PostgreSQL at ${describeUrl(settings.DATABASE_URL)} is not reachable or not migrated (npx medusa db:migrate): ${error.message}`)
  })

  const runner = startCommissionRunner({
    db: pgSqlDb(pool),
    redisUrl: settings.REDIS_URL,
    prefix: settings.MLM_QUEUE_PREFIX,
    holdingDays: settings.MLM_HOLDING_DAYS,
    concurrency: settings.MLM_WORKER_CONCURRENCY,
    batchSize: settings.MLM_WORKER_BATCH_SIZE,
    logger,
  })
  logger.info(
    `mlm-worker ${process.pid}: queue ${settings.MLM_QUEUE_PREFIX}:${runner.worker.name} on redis ${describeUrl(settings.REDIS_URL)}, ` +
      `PostgreSQL ${describeUrl(settings.DATABASE_URL)}, concurrency ${settings.MLM_WORKER_CONCURRENCY}, ` +
      `batch ${settings.MLM_WORKER_BATCH_SIZE}, holding ${settings.MLM_HOLDING_DAYS} days`,
  )

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      await runner.close()
      await pool.end()
    })())

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`mlm-worker ${process.pid}: ${signal} again, exiting without waiting`)
      process.exit(1)
    }
    logger.info(`mlm-worker ${process.pid}: ${signal}, draining in-flight batches`)
    const deadline = setTimeout(() => {
      logger.error(`mlm-worker ${process.pid}: not drained after ${SHUTDOWN_DEADLINE_MS} ms, exiting; unfinished jobs will be redelivered`)
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS)
    deadline.unref()
    stop().then(
      () => {
        logger.info(`mlm-worker ${process.pid}: stopped`)
        process.exit(0)
      },
      (error: Error) => {
        logger.error(`mlm-worker ${process.pid}: shutdown failed: ${error.message}`)
        process.exit(1)
      },
    )
  }
  process.on("SIGTERM", onSignal)
  process.on("SIGINT", onSignal)
  return {
    runner,
    stop: () => {
      process.off("SIGTERM", onSignal)
      process.off("SIGINT", onSignal)
      return stop()
    },
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message)
    process.exit(1)
  })
}
