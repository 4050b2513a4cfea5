/**
 * npm run bench:pipeline — the commission pipeline end to end (issue #4): subscriber-side enqueue
 * (outbox row + BullMQ job) → standalone worker processes → committed records and ledger lines, on
 * a network where every order pays 50 unilevel levels. Not a test: it prints a markdown table of
 * throughput, paced latency and duplicate cost against the targets, with the machine's load.
 *
 * Everything runs for real: a fresh database migrated with the module's migrations, a
 * redis-server of its own, `mlm-worker` child processes (src/modules/mlm/commissions/standalone.ts
 * through tsx), synchronous_commit as configured (on). Knobs: BENCH_ORDERS (throughput orders per
 * run, default 30,000: about 12 s of work, where a 10,000-order run lasted 4 s and the end of
 * the run, the 100 ms poll and the last partial batch, weighed three times as much), BENCH_WORKERS
 * (throughput runs, default "1,2"), BENCH_LATENCY_RATES
 * ("50,200,500"; "" skips), BENCH_LATENCY_SECONDS (20), BENCH_LATENCY_WORKERS (1), BENCH_DUPLICATES
 * (1; 0 skips), MLM_WORKER_BATCH_SIZE / MLM_WORKER_CONCURRENCY (passed to the workers),
 * BENCH_WORKER_NODE_ARGS (node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), KEEP_BENCH_DB=1.
 */
import { readFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { performance } from "node:perf_hooks"
import { Client } from "pg"
import { applyRateBp } from "../src/engine/money"
import { type OrderJob } from "../src/modules/mlm/commissions/jobs"
import { processOrderBatch } from "../src/modules/mlm/commissions/order-processor"
import { CommissionQueue } from "../src/modules/mlm/commissions/queue"
import { pgSqlDb, type SqlDb } from "../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "../integration-tests/queue/support/database"
import { buildChains, countOf, insertPlanVersion, orderJob, unilevelPlan, type ChainNetwork } from "../integration-tests/queue/support/network"
import { OwnRedis } from "../integration-tests/queue/support/redis-server"
import { WorkerProcess } from "../integration-tests/queue/support/worker-process"

const LEVELS = 50
const RATE_BP = 10
const CHAINS = 40
const DEPTH = 60 // buyers sit at depth 51–60: 50 or more paid uplines each
const PREFIX = "mlm-bench"
const ORDERS = Number(process.env.BENCH_ORDERS ?? 30_000)
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20)
const LATENCY_WORKERS = Number(process.env.BENCH_LATENCY_WORKERS ?? 1)
const list = (value: string) => value.split(",").filter(Boolean).map(Number)
const THROUGHPUT_WORKERS = list(process.env.BENCH_WORKERS ?? "1,2")
const LATENCY_RATES = list(process.env.BENCH_LATENCY_RATES ?? "50,200,500")
/** The targets of issue #4: p99 at 200/s ≤ 50 ms, at 500/s ≤ 150 ms; other rates are context. */
const latencyTargetMs = (rate: number) => (rate === 200 ? 50 : rate === 500 ? 150 : null)
const workerTuning = {
  batchSize: process.env.MLM_WORKER_BATCH_SIZE ? Number(process.env.MLM_WORKER_BATCH_SIZE) : undefined,
  concurrency: process.env.MLM_WORKER_CONCURRENCY ? Number(process.env.MLM_WORKER_CONCURRENCY) : undefined,
}

const rows: string[][] = []
const report = (measure: string, value: string, target: string, pass: boolean | null, note = "") => {
  rows.push([measure, value, target, pass === null ? "—" : pass ? "PASS" : "MISS", note])
  console.error(`measured: ${measure}: ${value} ${note}`)
}
const load = () => loadavg().map((value) => value.toFixed(2)).join(" ")
const fmt = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits })
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * (sorted.length - 1)))]

/** CPU time (user + system) of a process in ms, from /proc; 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

/** CPU time spent by each part of the pipeline between start() and perOrder(). */
class CpuMeter {
  private before = { self: process.cpuUsage(), workers: [] as number[], redis: 0, pg: new Map<number, number>() }

  constructor(
    private readonly bench: Bench,
    private readonly workers: WorkerProcess[],
    /** Backends that are the bench's measuring, not the pipeline's work. */
    private readonly excludedBackends: number[] = [],
  ) {}

  async start(): Promise<void> {
    this.before = {
      self: process.cpuUsage(),
      workers: this.workers.map((worker) => cpuMs(worker.pid)),
      redis: cpuMs(this.bench.redisPid),
      pg: new Map((await this.bench.backendPids()).map((pid) => [pid, cpuMs(pid)])),
    }
  }

  /** "PostgreSQL a, worker b, Redis c, producer d" in µs of CPU per order (backends that exited meanwhile are not counted). */
  async perOrder(orders: number): Promise<string> {
    const pids = new Set([...this.before.pg.keys(), ...(await this.bench.backendPids())].filter((pid) => !this.excludedBackends.includes(pid)))
    const pgMs = [...pids].reduce((sum, pid) => sum + Math.max(0, cpuMs(pid) - (this.before.pg.get(pid) ?? 0)), 0)
    const workerMs = this.workers.reduce((sum, worker, k) => sum + cpuMs(worker.pid) - this.before.workers[k], 0)
    const self = process.cpuUsage(this.before.self)
    const us = (ms: number) => fmt((ms * 1000) / orders)
    return `PostgreSQL ${us(pgMs)}, worker${this.workers.length > 1 ? "s" : ""} ${us(workerMs)}, Redis ${us(cpuMs(this.bench.redisPid) - this.before.redis)}, producer ${us((self.user + self.system) / 1000)}`
  }
}

class Bench {
  private serial = 0
  readonly db: SqlDb

  constructor(
    readonly database: TestDatabase,
    readonly redis: OwnRedis,
    readonly network: ChainNetwork,
    readonly producer: CommissionQueue,
    readonly redisPid: number,
  ) {
    this.db = pgSqlDb(database.pool)
  }

  /** A fresh order paying exactly 50 levels; CVs vary so the 0.1 % rate rounds both ways. */
  nextJob(): OrderJob {
    const i = this.serial++
    return orderJob({ orderId: `order_bench_${i}`, buyerNode: this.network.chain(i % CHAINS)[50 + (i % 10)], cvMinor: 10_000 + ((i * 7919) % 1000) }, "EUR")
  }

  recorded(): Promise<number> {
    return countOf(this.database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)
  }

  async startWorkers(count: number): Promise<WorkerProcess[]> {
    return Promise.all(Array.from({ length: count }, () => WorkerProcess.start({ databaseUrl: this.database.url, redisUrl: this.redis.url, prefix: PREFIX, ...workerTuning, nodeArgs: process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) })))
  }

  async stopWorkers(workers: WorkerProcess[]): Promise<void> {
    const codes = await Promise.all(workers.map((worker) => worker.stop("SIGTERM")))
    if (codes.some((code) => code !== 0)) throw new Error(`a worker did not stop cleanly: exit codes ${codes.join(", ")}`)
  }

  /** Enqueues and waits until every order so far is recorded. */
  async warmUp(orders: number): Promise<void> {
    const target = (await this.recorded()) + orders
    for (let i = 0; i < orders; i += 100) await this.producer.enqueue(this.db, Array.from({ length: Math.min(100, orders - i) }, () => this.nextJob()))
    while ((await this.recorded()) < target) await sleep(50)
  }

  async backendPids(): Promise<number[]> {
    const { rows: found } = await this.database.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
    return found.map((row) => row.pid)
  }

  /** (i) Sustained throughput: N orders enqueued as fast as four producers go, until all lines are committed. */
  async throughput(workerCount: number): Promise<void> {
    const workers = await this.startWorkers(workerCount)
    await this.warmUp(500)
    const startLoad = load()
    const before = { recorded: await this.recorded(), lines: await countOf(this.database.pool, `SELECT count(*) AS n FROM mlm_ledger_line`) }
    // Progress is polled every 100 ms (≤ 1 % of a run) on a connection left out of the CPU figures.
    const poll = new Client({ connectionString: this.database.url })
    await poll.connect()
    const [{ pid: pollPid }] = (await poll.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows
    const cpu = new CpuMeter(this, workers, [pollPid])
    await cpu.start()
    const jobs = Array.from({ length: ORDERS }, () => this.nextJob())
    const started = performance.now()
    let next = 0
    const producerLoop = async () => {
      for (let from = (next += 100) - 100; from < ORDERS; from = (next += 100) - 100) await this.producer.enqueue(this.db, jobs.slice(from, from + 100))
    }
    await Promise.all([producerLoop(), producerLoop(), producerLoop(), producerLoop()])
    const enqueued = performance.now()
    // The write marks an order's outbox row done with its record: none open = all recorded (checked below).
    // Through the outbox's open-rows index, so the poll does not scan the growing record table.
    while ((await countOf(poll, `SELECT count(*) AS n FROM mlm_outbox WHERE status IN ('pending', 'queued')`)) > 0) await sleep(100)
    const seconds = (performance.now() - started) / 1000
    const cpuPerOrder = await cpu.perOrder(ORDERS)
    await poll.end()
    const recorded = (await this.recorded()) - before.recorded
    const lines = (await countOf(this.database.pool, `SELECT count(*) AS n FROM mlm_ledger_line`)) - before.lines
    const expectedCents = jobs.reduce((sum, job) => sum + LEVELS * applyRateBp(job.items[0].cv_minor, RATE_BP, "half_up"), 0)
    const cents = await countOf(this.database.pool, `SELECT coalesce(sum(amount_minor), 0) AS n FROM mlm_ledger_line WHERE order_id = ANY($1::text[])`, [jobs.map((job) => job.order_id)])
    if (recorded !== ORDERS || lines !== ORDERS * LEVELS || cents !== expectedCents) {
      throw new Error(`wrong ledger: ${recorded} records (want ${ORDERS}), ${lines} lines (want ${ORDERS * LEVELS}), ${cents} cents (want ${expectedCents})`)
    }
    await this.stopWorkers(workers)

    const rate = ORDERS / seconds
    const label = `${workerCount} worker process${workerCount > 1 ? "es" : ""}`
    report(
      `(i) throughput, ${label}: ${fmt(ORDERS)} orders × ${LEVELS} lines`,
      `${fmt(rate)} orders/s, ${fmt(lines / seconds)} lines/s`,
      "≥ 2,500 orders/s",
      rate >= 2500,
      `enqueue alone ${fmt(ORDERS / ((enqueued - started) / 1000))}/s; CPU µs/order: ${cpuPerOrder}; load ${startLoad} → ${load()}`,
    )
  }

  /** (ii) Latency event → committed record and lines, at a paced rate; one enqueue per order, as one subscriber call per event. */
  async latency(ratePerSecond: number, targetP99Ms: number | null): Promise<void> {
    const workers = await this.startWorkers(LATENCY_WORKERS)
    await this.warmUp(300)
    const startLoad = load()
    // The poll has its own connection, left out of the CPU figures.
    const poll = new Client({ connectionString: this.database.url })
    await poll.connect()
    const [{ pid: pollPid }] = (await poll.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows
    const cpu = new CpuMeter(this, workers, [pollPid])
    await cpu.start()
    const sentAt = new Map<string, number>()
    const latencies: number[] = []
    const failures: string[] = []
    let sending = true
    const poller = (async () => {
      while (sending || sentAt.size > 0) {
        const waiting = [...sentAt.keys()].slice(0, 5000)
        if (waiting.length > 0) {
          const { rows: done } = await poll.query<{ order_id: string }>(`SELECT order_id FROM mlm_commission_record WHERE order_id = ANY($1::text[])`, [waiting])
          const now = performance.now()
          for (const { order_id } of done) {
            latencies.push(now - sentAt.get(order_id)!)
            sentAt.delete(order_id)
          }
        }
        await sleep(5)
      }
    })()
    const started = performance.now()
    let sent = 0
    while (performance.now() - started < LATENCY_SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * ratePerSecond) - sent
      for (let k = 0; k < due; k++, sent++) {
        const job = this.nextJob()
        sentAt.set(job.order_id, performance.now())
        this.producer.enqueue(this.db, [job]).catch((error: Error) => failures.push(error.message))
      }
      await sleep(2)
    }
    const achieved = sent / ((performance.now() - started) / 1000)
    sending = false
    await Promise.race([poller, sleep(120_000).then(() => Promise.reject(new Error(`${sentAt.size} orders not recorded 120 s after the last was sent`)))])
    if (failures.length > 0) throw new Error(`enqueue failed: ${failures[0]}`)
    const cpuPerOrder = await cpu.perOrder(sent)
    await poll.end()
    await this.stopWorkers(workers)
    latencies.sort((a, b) => a - b)
    const p50 = percentile(latencies, 0.5)
    const p99 = percentile(latencies, 0.99)
    report(
      `(ii) latency at ${ratePerSecond}/s for ${LATENCY_SECONDS} s, ${LATENCY_WORKERS} worker process${LATENCY_WORKERS > 1 ? "es" : ""}`,
      `p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms, max ${fmt(latencies[latencies.length - 1], 0)} ms`,
      targetP99Ms === null ? "—" : `p99 ≤ ${targetP99Ms} ms`,
      targetP99Ms === null ? null : p99 <= targetP99Ms,
      `${fmt(latencies.length)} orders at ${fmt(achieved)}/s, one enqueue each; polled every 5 ms; CPU µs/order: ${cpuPerOrder} (producer includes the poll); load ${startLoad} → ${load()}`,
    )
  }

  /** (iii) A duplicate event for an order already recorded: its cost, and proof that it wrote nothing. */
  async duplicates(): Promise<void> {
    const { rows: recorded } = await this.database.pool.query<{ order_id: string }>(`SELECT order_id FROM mlm_commission_record ORDER BY order_id LIMIT 1000`)
    const jobs = recorded.map(({ order_id }) => ({ ...this.nextJob(), order_id }))
    const snapshot = () =>
      this.database.pool
        .query(
          `SELECT (SELECT count(*) FROM mlm_commission_record) AS records, (SELECT max(updated_at) FROM mlm_commission_record) AS record_updated,
                  (SELECT count(*) FROM mlm_ledger_line) AS lines, (SELECT max(id) FROM mlm_ledger_line) AS last_line,
                  (SELECT count(*) FROM mlm_outbox) AS outbox, (SELECT max(done_at) FROM mlm_outbox) AS outbox_done,
                  (SELECT sum(pv_minor) FROM mlm_distributor) AS pv`,
        )
        .then((result) => JSON.stringify(result.rows[0]))
    const config = { holdingDays: 30, now: () => new Date() }
    const time = async (run: (job: OrderJob) => Promise<unknown>) => {
      for (const job of jobs.slice(0, 50)) await run(job) // warm-up
      const samples: number[] = []
      for (const job of jobs) {
        const start = performance.now()
        await run(job)
        samples.push(performance.now() - start)
      }
      return samples.sort((a, b) => a - b)
    }
    const before = await snapshot()
    const direct = await time((job) => processOrderBatch(this.db, [job], config))
    const viaProducer = await time((job) => this.producer.enqueue(this.db, [job]))
    const wroteNothing = (await snapshot()) === before
    for (const [how, samples] of [["processOrderBatch (worker path)", direct], ["producer enqueue (outbox path)", viaProducer]] as const) {
      const p50 = percentile(samples, 0.5)
      report(
        `(iii) duplicate event, ${how}`,
        `p50 ${fmt(p50, 2)} ms, p99 ${fmt(percentile(samples, 0.99), 2)} ms`,
        "< 1 ms, writes nothing",
        p50 < 1 && wroteNothing,
        `${fmt(samples.length)} recorded orders; rows before = after: ${wroteNothing ? "yes" : "NO"}; load ${load()}`,
      )
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function main() {
  console.error(`load before: ${load()}`)
  const database = await createTestDatabase("mlm_bench_pipeline", 20)
  const redis = await OwnRedis.start()
  const producer = new CommissionQueue(redis.url, PREFIX)
  try {
    const network = await buildChains(database.pool, CHAINS, DEPTH)
    await insertPlanVersion(database.pool, unilevelPlan("EUR", LEVELS, RATE_BP))
    const bench = new Bench(database, redis, network, producer, redis.pid ?? 0)
    for (const workers of THROUGHPUT_WORKERS) await bench.throughput(workers)
    for (const rate of LATENCY_RATES) await bench.latency(rate, latencyTargetMs(rate))
    if (process.env.BENCH_DUPLICATES !== "0") await bench.duplicates()
    // The server's settings that weigh on these figures, as configured (the bench changes none).
    const { rows: settings } = await database.pool.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('synchronous_commit', 'autovacuum', 'shared_buffers', 'max_wal_size') ORDER BY name`,
    )
    const server = settings.map((row) => `${row.name}=${row.setting}${row.unit ? ` ×${row.unit}` : ""}`).join(", ")
    console.log(
      `\nCommission pipeline: ${fmt(CHAINS * DEPTH)} distributors in ${CHAINS} chains ${DEPTH} deep, unilevel ${LEVELS} levels × ${RATE_BP} bp, every order pays ${LEVELS} lines. ` +
        `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), shared; load average at the end ${load()}; PostgreSQL ${server}; ` +
        `workers: batch ${workerTuning.batchSize ?? "256 (default)"}, concurrency ${workerTuning.concurrency ?? "512 (default)"}.\n`,
    )
    console.log("| measure | result | target | | notes |")
    console.log("|---|---|---|---|---|")
    for (const row of rows) console.log(`| ${row.join(" | ")} |`)
  } finally {
    await producer.close()
    await redis.stop()
    if (process.env.KEEP_BENCH_DB === "1") {
      console.error(`kept database ${database.name}`)
      await database.pool.end()
    } else await database.drop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
