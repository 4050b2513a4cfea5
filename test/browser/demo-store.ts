// The store the browser suite drives: `npm run demo`'s launcher (dev/demo.ts: migrate, seed,
// `medusa start` with the admin at /app) on a database of its own on the local PostgreSQL, a free
// port and a keyring generated for this run. Stopping it stops the server, drops the database
// and removes the run's queue keys from Redis, so nothing of a run outlives it.
import { ChildProcess, spawn } from "child_process"
import { randomBytes } from "crypto"
import { createWriteStream, readFileSync } from "fs"
import { createInterface } from "readline"
import { createServer } from "net"
import path from "path"
import { Client } from "pg"
import { readOrCreateCredentials, type DemoCredentials } from "../../dev/credentials"

const REPO_ROOT = path.resolve(__dirname, "../..")
const READY_TIMEOUT_MS = 200_000

export type DemoStore = {
  baseUrl: string
  databaseUrl: string
  credentials: DemoCredentials
  /** Stops the server, drops the database, deletes the run's Redis keys. Safe to call twice. */
  stop: () => Promise<void>
}

export type StoreOptions = { distributors: number; logFile: string; say: (line: string) => void }

/** The local PostgreSQL as the integration tests reach it (DB_HOST, DB_USERNAME, DB_PASSWORD). */
function serverUrl(database: string): string {
  const url = new URL("postgres://localhost")
  url.hostname = process.env.DB_HOST || "localhost"
  url.port = process.env.DB_PORT || "5432"
  url.username = process.env.DB_USERNAME || "postgres"
  url.password = process.env.DB_PASSWORD || ""
  url.pathname = `/${database}`
  return url.toString()
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl("postgres") })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A keyring for this run only: the MFA secrets of a throw-away database. */
function runKeyring(): Record<string, string> {
  return {
    MLM_ENCRYPTION_KEYS: `browser:${randomBytes(32).toString("base64")}`,
    MLM_ACTIVE_KEY_ID: "browser",
    MLM_BLIND_INDEX_KEY: randomBytes(32).toString("base64"),
  }
}

export async function startDemoStore(options: StoreOptions): Promise<DemoStore> {
  const suffix = randomBytes(5).toString("hex")
  const database = `mlm_browser_${suffix}`
  const queuePrefix = `mlm-browser-${suffix}`
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const databaseUrl = serverUrl(database)
  // Written before the seed runs, which reads the same file for the admin's login.
  const credentials = readOrCreateCredentials()

  await adminQuery(`CREATE DATABASE ${database}`)
  options.say(`database ${database}, store on ${baseUrl}, log ${path.relative(REPO_ROOT, options.logFile)}`)

  const log = createWriteStream(options.logFile)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...runKeyring(),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    MLM_DEMO_DISTRIBUTORS: String(options.distributors),
    MLM_QUEUE_PREFIX: queuePrefix,
    ADMIN_CORS: `${baseUrl},http://localhost:${port}`,
    AUTH_CORS: `${baseUrl},http://localhost:${port}`,
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  // npm test runs jest with this flag; the store is `npm run demo`, which runs without it.
  delete env.NODE_OPTIONS
  delete env.MLM_DEMO_WATCH
  const launcher = spawn(path.join(REPO_ROOT, "node_modules/.bin/tsx"), ["dev/demo.ts"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a stop reaches the launcher whatever it is running.
    detached: true,
  })
  // The launcher prints the logins; the log is a test artifact, so they leave it as ***.
  const secrets = [credentials.admin.password, credentials.customerPassword]
  for (const output of [launcher.stdout, launcher.stderr]) {
    if (output) createInterface({ input: output }).on("line", (line) => log.writableEnded || log.write(redact(line, secrets) + "\n"))
  }

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await stopLauncher(launcher)
    log.end()
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error) =>
      options.say(`could not drop ${database}: ${(error as Error).message}`)
    )
    await deleteQueueKeys(queuePrefix).catch((error) => options.say(`could not delete Redis keys ${queuePrefix}:*: ${(error as Error).message}`))
  }

  try {
    await waitForHealth(`${baseUrl}/health`, launcher, options.logFile)
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, databaseUrl, credentials, stop }
}

async function waitForHealth(url: string, launcher: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null) throw new Error(`the demo launcher exited (${launcher.exitCode}) before the store answered:\n${tail(logFile)}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the store did not answer ${url} within ${READY_TIMEOUT_MS / 1000}s:\n${tail(logFile)}`)
}

function redact(line: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => (secret ? text.split(secret).join("***") : text), line)
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

/**
 * SIGTERM to the launcher's group: the launcher stops the Medusa server's own process group and
 * exits (dev/demo.ts). SIGKILL to both groups if that takes more than 20 seconds.
 */
async function stopLauncher(launcher: ChildProcess): Promise<void> {
  if (!launcher.pid || launcher.exitCode !== null || launcher.signalCode !== null) return
  const exited = new Promise((resolve) => launcher.once("exit", resolve))
  signalGroup(launcher.pid, "SIGTERM")
  const timer = setTimeout(() => signalGroup(launcher.pid as number, "SIGKILL"), 20_000)
  await exited
  clearTimeout(timer)
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // gone already
  }
}

/** The run's commission queue lives in Redis under its own prefix (the demo uses Redis when one answers). */
async function deleteQueueKeys(prefix: string): Promise<void> {
  const { default: Redis } = await import("ioredis")
  const redis = new Redis(process.env.MLM_REDIS_URL || process.env.REDIS_URL || "redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  })
  try {
    await redis.connect()
  } catch {
    redis.disconnect()
    return // no Redis: the demo ran without a queue
  }
  try {
    let cursor = "0"
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500)
      if (keys.length) await redis.del(...keys)
      cursor = next
    } while (cursor !== "0")
  } finally {
    redis.disconnect()
  }
}
