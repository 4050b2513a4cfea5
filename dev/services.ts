// Where the demo's data and events live: DATABASE_URL or the embedded PostgreSQL, and
// REDIS_URL (Medusa's Redis event bus, workflow engine and locking, switched on by the root
// medusa-config.ts) or Medusa's in-process ones.
import { connect } from "net"
import path from "path"
import { Client } from "pg"
import { DEMO_STATE_DIR } from "./credentials"
import { startEmbeddedPostgres } from "./embedded-pg"

export const DEMO_DATABASE = "medusa_mlm_demo"
export const EMBEDDED_PG_PORT = Number(process.env.MLM_DEMO_PG_PORT || 54329)

export type DemoDatabase = {
  url: string
  description: string
  /** stops the embedded PostgreSQL; no-op for DATABASE_URL */
  stop: () => Promise<void>
}

export async function resolveDatabase(log: (line: string) => void): Promise<DemoDatabase> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) {
    await ensureDatabaseExists(fromEnv)
    return { url: fromEnv, description: `DATABASE_URL ${redactUrl(fromEnv)}`, stop: async () => undefined }
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(DEMO_STATE_DIR, "pg"),
    stateDir: DEMO_STATE_DIR,
    port: EMBEDDED_PG_PORT,
    database: DEMO_DATABASE,
    log,
  })
  return {
    url: embedded.databaseUrl,
    description:
      `embedded PostgreSQL 17 at ${redactUrl(embedded.databaseUrl)} ` +
      `(data .demo/pg, log .demo/pg.log, runs as ${embedded.runAsUser}` +
      `${embedded.startedHere ? "" : ", left running by an earlier run"})`,
    // Also a server left by an earlier, killed run: .demo/pg serves this demo only.
    stop: embedded.stop,
  }
}

/** The database named in DATABASE_URL is created when the server is there but it is not. */
async function ensureDatabaseExists(url: string) {
  const client = new Client({ connectionString: url })
  try {
    await client.connect()
    await client.end()
    return
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") {
      throw new Error(`cannot connect to DATABASE_URL ${redactUrl(url)}: ${(error as Error).message}`)
    }
  }
  const target = new URL(url)
  const database = decodeURIComponent(target.pathname.slice(1))
  target.pathname = "/postgres"
  const admin = new Client({ connectionString: target.toString() })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`)
  } finally {
    await admin.end()
  }
}

export type EventInfrastructure = { redisUrl: string | null; description: string }

export async function resolveEventInfrastructure(): Promise<EventInfrastructure> {
  const redisUrl = process.env.REDIS_URL || null
  if (!redisUrl) {
    return {
      redisUrl: null,
      description: "in-process event bus, workflow engine and locking (set REDIS_URL to use Redis)",
    }
  }
  const target = new URL(redisUrl)
  const port = Number(target.port || 6379)
  if (!(await answersTcp(target.hostname, port))) {
    throw new Error(`REDIS_URL is set but nothing answers at ${target.hostname}:${port}`)
  }
  return {
    redisUrl,
    description: `Redis at ${redactUrl(redisUrl)}: event bus, workflow engine and locking`,
  }
}

export type CommissionQueueInfrastructure = { redisUrl: string | null; description: string }

/**
 * The plugin's commission queue: MLM_REDIS_URL, else REDIS_URL, else a Redis on 127.0.0.1:6379
 * when one answers (the worker then runs inside the demo server). Without Redis, orders placed
 * in the demo wait in the outbox (docs/ledger.md); the seed's own orders are credited directly.
 */
export async function resolveCommissionQueue(): Promise<CommissionQueueInfrastructure> {
  const configured = process.env.MLM_REDIS_URL || process.env.REDIS_URL
  const candidate = configured || "redis://127.0.0.1:6379"
  const target = new URL(candidate)
  if (await answersTcp(target.hostname, Number(target.port || 6379))) {
    return { redisUrl: candidate, description: `commission queue on Redis at ${redactUrl(candidate)} (worker inside the server)` }
  }
  if (configured) throw new Error(`MLM_REDIS_URL/REDIS_URL is set but nothing answers at ${target.host}`)
  return { redisUrl: null, description: "no Redis: commission jobs of new orders wait in the outbox (set MLM_REDIS_URL)" }
}

function answersTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.setTimeout(3000, () => {
      socket.destroy()
      resolve(false)
    })
    socket.on("connect", () => {
      socket.end()
      resolve(true)
    })
    socket.on("error", () => resolve(false))
  })
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) {
      parsed.password = "***"
    }
    return parsed.toString()
  } catch {
    return "(unparsable url)"
  }
}
