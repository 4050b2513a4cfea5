/**
 * The standalone commission worker (src/modules/mlm/commissions/standalone.ts) as a child
 * process, run from source with tsx, so a suite or the bench can kill it like an operator or a
 * crash would.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { join } from "node:path"

const STANDALONE = join(__dirname, "../../../src/modules/mlm/commissions/standalone.ts")

export interface WorkerProcessEnv {
  databaseUrl: string
  redisUrl: string
  prefix: string
  holdingDays?: number
  concurrency?: number
  batchSize?: number
  poolSize?: number
  /** Extra node flags, e.g. ["--cpu-prof"] when profiling the bench. */
  nodeArgs?: string[]
}

export class WorkerProcess {
  readonly output: string[] = []
  private exited: Promise<number | null>

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)))
    const keep = (chunk: Buffer) => this.output.push(...chunk.toString().split("\n").filter(Boolean))
    child.stdout?.on("data", keep)
    child.stderr?.on("data", keep)
  }

  /** Spawns the worker and resolves once it logged its start line. */
  static async start(env: WorkerProcessEnv): Promise<WorkerProcess> {
    const childEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: env.databaseUrl,
      MLM_REDIS_URL: env.redisUrl,
      MLM_QUEUE_PREFIX: env.prefix,
      MLM_HOLDING_DAYS: String(env.holdingDays ?? 30),
      ...(env.concurrency ? { MLM_WORKER_CONCURRENCY: String(env.concurrency) } : {}),
      ...(env.batchSize ? { MLM_WORKER_BATCH_SIZE: String(env.batchSize) } : {}),
      ...(env.poolSize ? { MLM_DB_POOL_SIZE: String(env.poolSize) } : {}),
    }
    const child = spawn(process.execPath, [...(env.nodeArgs ?? []), "--require", "tsx/cjs", STANDALONE], { env: childEnv, stdio: ["ignore", "pipe", "pipe"], cwd: join(__dirname, "../../..") })
    const worker = new WorkerProcess(child)
    const deadline = Date.now() + 60_000
    while (!worker.output.some((line) => line.startsWith(`mlm-worker ${child.pid}: queue`))) {
      if (child.exitCode !== null) throw new Error(`mlm-worker exited with ${child.exitCode}:\n${worker.output.join("\n")}`)
      if (Date.now() > deadline) throw new Error(`mlm-worker did not start:\n${worker.output.join("\n")}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return worker
  }

  get pid(): number {
    return this.child.pid!
  }

  /** Sends `signal` and waits for the process to exit; returns its exit code (null when killed). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
    return this.exited
  }
}
