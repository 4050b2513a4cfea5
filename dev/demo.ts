// `npm run demo`: a working store from a fresh checkout. Database (DATABASE_URL or the
// embedded PostgreSQL) -> event infrastructure (REDIS_URL or in-process) -> migrations (only
// when the schema inputs changed) -> seed (only when the database does not hold the demo yet)
// -> the Medusa server with the admin at /app. Stops the embedded PostgreSQL it started when
// interrupted. See docs/demo.md.
import { ChildProcess, spawn } from "child_process"
import path from "path"
import { demoKeyEnvironment, readOrCreateCredentials } from "./credentials"
import { isMigrated, recordMigrated, schemaFingerprint, withClient } from "./migration-state"
import { readSeedMarker, SeedMarker } from "./seed/marker"
import { DemoDatabase, resolveCommissionQueue, resolveDatabase, resolveEventInfrastructure } from "./services"

const REPO_ROOT = path.resolve(__dirname, "..")
const MEDUSA_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "medusa")
const PORT = Number(process.env.PORT || 9000)
// Loopback unless asked otherwise: the demo has known data and its logins sit in a file.
const HOST = process.env.HOST || "127.0.0.1"
const WATCH = process.env.MLM_DEMO_WATCH === "true"
const SIZE = Number(process.env.MLM_DEMO_DISTRIBUTORS || 1000)
const READY_TIMEOUT_MS = 180_000
const startedAt = Date.now()

let database: DemoDatabase | null = null

const say = (line: string) => console.log(`[demo +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`)

async function main() {
  process.env.MEDUSA_DISABLE_TELEMETRY = "true"
  const db = await resolveDatabase(say)
  database = db
  let server: ChildProcess | null = null
  installShutdown(() => server, db)

  say(`database: ${db.description}`)
  const events = await resolveEventInfrastructure()
  say(`events: ${events.description}`)
  const queue = await resolveCommissionQueue()
  say(queue.description)
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    ...demoKeyEnvironment(),
    ...(queue.redisUrl ? { MLM_REDIS_URL: queue.redisUrl, MLM_QUEUE_PREFIX: process.env.MLM_QUEUE_PREFIX || "mlm-demo" } : {}),
  }

  const fingerprint = schemaFingerprint()
  if (process.env.MLM_DEMO_MIGRATE === "always" || !(await isMigrated(db.url, fingerprint))) {
    say("running medusa db:migrate")
    await runMedusa(["db:migrate"], env)
    await recordMigrated(db.url, fingerprint)
  } else {
    say("schema is up to date (migration inputs unchanged): skipping db:migrate")
  }

  let marker = await withClient(db.url, readSeedMarker)
  if (marker && marker.distributors === SIZE) {
    say(`demo data found (seeded ${marker.completed_at}): skipping the seed`)
  } else {
    say(`seeding the demo store (${SIZE} distributors) with medusa exec ./dev/seed.ts`)
    await runMedusa(["exec", "./dev/seed.ts", String(SIZE)], env)
    marker = await withClient(db.url, readSeedMarker)
  }

  // `medusa develop` restarts on any file written anywhere in the repo but dot-folders; the
  // demo runs its server process (`medusa start` in development mode, which serves the admin
  // through Vite exactly as develop's child does) unless MLM_DEMO_WATCH=true asks for reloads.
  const command = WATCH
    ? ["develop", "--no-lint", "--host", HOST, "--port", String(PORT)]
    : ["start", "--host", HOST, "--port", String(PORT)]
  say(`starting medusa ${command[0]} on http://${HOST}:${PORT}${WATCH ? " (reloads on file changes)" : ""}`)
  server = spawn(MEDUSA_BIN, command, {
    cwd: REPO_ROOT,
    env: { ...env, NODE_ENV: "development" },
    stdio: "inherit",
    // Its own process group: on shutdown the whole group (develop and its forked server) goes.
    detached: true,
  })
  server.on("exit", (code) => {
    say(`medusa ${command[0]} exited (${code})`)
    void db.stop().then(() => process.exit(code ?? 1))
  })
  await waitForHealth(`http://127.0.0.1:${PORT}/health`)
  printReady(marker)
}

function runMedusa(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(MEDUSA_BIN, args, { cwd: REPO_ROOT, env, stdio: "inherit" })
    child.on("error", reject)
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`medusa ${args.join(" ")} exited with ${code}`))))
  })
}

async function waitForHealth(url: string) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      if (response.ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the server did not answer ${url} within ${READY_TIMEOUT_MS / 1000}s`)
}

function printReady(marker: SeedMarker | null) {
  const credentials = readOrCreateCredentials()
  const base = `http://localhost:${PORT}`
  const lines = [
    `store ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`,
    `  admin:        ${base}/app`,
    `  admin login:  ${credentials.admin.email} / ${credentials.admin.password}   (from .demo/credentials.json)`,
  ]
  if (marker && marker.admin_email !== credentials.admin.email) {
    lines.push(`  note: this database was seeded with the admin ${marker.admin_email}, whose password is in the .demo/credentials.json of the checkout that seeded it`)
  }
  if (marker) {
    const [login] = marker.login_customer_emails
    lines.push(
      `  store API:    ${base}/store/...  header x-publishable-api-key: ${marker.publishable_key}`,
      `  distributor login (POST ${base}/auth/customer/emailpass): ${login} / ${credentials.customerPassword}`,
      `  house referral code: ${marker.house_referral_code}`,
      `  referral codes: ${marker.sample_referral_codes.map((s) => `${s.referral_code} (${s.email}, level ${s.depth})`).join(", ")}`,
      `  network: ${marker.distributors} distributors, an order for every ${marker.order_every === 2 ? "second" : `${marker.order_every}th`} one`
    )
  }
  console.log(`\n${lines.join("\n")}\n`)
}

function installShutdown(server: () => ChildProcess | null, database: DemoDatabase) {
  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      return
    }
    stopping = true
    say(`${signal}: stopping`)
    const child = server()
    if (child?.pid && child.exitCode === null) {
      child.removeAllListeners("exit")
      const exited = new Promise((resolve) => child.once("exit", resolve))
      signalGroup(child.pid, "SIGTERM")
      const timeout = setTimeout(() => signalGroup(child.pid as number, "SIGKILL"), 10_000)
      await exited
      clearTimeout(timeout)
    }
    await database.stop()
    process.exit(0)
  }
  process.on("SIGINT", () => void stop("SIGINT"))
  process.on("SIGTERM", () => void stop("SIGTERM"))
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal)
  } catch {
    // the group is gone already
  }
}

main().catch(async (error) => {
  console.error(`[demo] failed: ${(error as Error).message}`)
  await database?.stop()
  process.exit(1)
})
