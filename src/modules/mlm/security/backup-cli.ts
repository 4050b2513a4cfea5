/**
 * `npm run backup -- --out <file>` and `npm run restore -- --in <file>` (scripts/backup.ts,
 * scripts/restore.ts): standalone, on a `pg` connection of their own (no Medusa boot), configured
 * by DATABASE_URL and MLM_BACKUP_KEY (base64, 32 bytes). The backup key is its own secret: when
 * the data keyring (MLM_ENCRYPTION_KEYS) or the blind index key (MLM_BLIND_INDEX_KEY) is in the
 * environment too, a backup key equal to any of them is refused. Neither command needs the data
 * keys: a backup job should not hold them.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from "node:fs"
import { basename } from "node:path"
import { parseArgs } from "node:util"
import { Pool } from "pg"
import { recordAudit } from "./audit"
import { assertBackupKeyIsSeparate, BackupError, backupKeyId, parseBackupKey } from "./backup-format"
import { restoreBackup, type RestoreSummary } from "./backup-restore"
import { clientExec, type BackupSummary, writeBackup } from "./backup-write"

export type CliLog = (line: string) => void

type Settings = { databaseUrl: string; key: Buffer }

function settingsFrom(env: NodeJS.ProcessEnv, command: string): Settings {
  const problems: string[] = []
  if (!env.DATABASE_URL) problems.push("DATABASE_URL is required (postgres://user:password@host:port/database)")
  let key: Buffer | undefined
  try {
    key = parseBackupKey(env.MLM_BACKUP_KEY)
    assertBackupKeyIsSeparate(key, dataKeysIn(env))
  } catch (error) {
    problems.push((error as Error).message)
  }
  if (problems.length) throw new BackupError(`${command}: ${problems.join("; ")}`)
  return { databaseUrl: env.DATABASE_URL!, key: key! }
}

function dataKeysIn(env: NodeJS.ProcessEnv): { name: string; base64: string }[] {
  const keys = (env.MLM_ENCRYPTION_KEYS ?? "")
    .split(",")
    .filter((entry) => entry.includes(":"))
    .map((entry) => ({ name: `data key ${entry.slice(0, entry.indexOf(":")).trim()} (MLM_ENCRYPTION_KEYS)`, base64: entry.slice(entry.indexOf(":") + 1) }))
  if (env.MLM_BLIND_INDEX_KEY) keys.push({ name: "the blind index key (MLM_BLIND_INDEX_KEY)", base64: env.MLM_BLIND_INDEX_KEY })
  return keys
}

/** One connection; an idle one dropped by the server after the work is done is no error. */
function onePool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 })
  pool.on("error", () => undefined)
  return pool
}

function fileArgument(args: string[], flag: "out" | "in", command: string): string {
  let values: { out?: string; in?: string }
  try {
    values = parseArgs({ args, options: { [flag]: { type: "string" } }, strict: true }).values as typeof values
  } catch (error) {
    throw new BackupError(`${command}: ${(error as Error).message}; usage: npm run ${command} -- --${flag} <file>`)
  }
  const file = values[flag]
  if (!file) throw new BackupError(`${command}: usage: npm run ${command} -- --${flag} <file>`)
  return file
}

/**
 * Writes the archive next to `--out` as `<out>.partial` (owner-only permissions) and renames it
 * when complete, so a file under the chosen name is always a whole archive. Never overwrites.
 */
export async function backupFromEnv(args: string[], env: NodeJS.ProcessEnv = process.env, log: CliLog = console.log): Promise<BackupSummary> {
  const out = fileArgument(args, "out", "backup")
  const { databaseUrl, key } = settingsFrom(env, "backup")
  if (existsSync(out)) throw new BackupError(`backup: ${out} already exists; choose a new file name`)
  const partial = `${out}.partial`
  const pool = onePool(databaseUrl)
  try {
    const client = await pool.connect()
    let summary: BackupSummary
    try {
      log(`backup: writing ${out} with backup key ${backupKeyId(key)}`)
      summary = await writeBackup(client, key, createWriteStream(partial, { flags: "wx", mode: 0o600 }))
    } catch (error) {
      rmSync(partial, { force: true })
      throw error
    } finally {
      client.release(true)
    }
    renameSync(partial, out)
    const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0)
    log(`backup: done: ${summary.tables.length} tables, ${rows} rows, ${summary.sequences} sequences, as of ${summary.created_at}`)
    await auditBackup(pool, summary, basename(out), log)
    return summary
  } finally {
    await pool.end()
  }
}

/** The archive is written from a read-only snapshot; the record of it is a separate row after it. */
async function auditBackup(pool: Pool, summary: BackupSummary, file: string, log: CliLog): Promise<void> {
  try {
    const [{ recovery }] = (await pool.query<{ recovery: boolean }>("SELECT pg_is_in_recovery() AS recovery")).rows
    if (recovery) return log("backup: taken from a standby; no audit row written (record it on the primary)")
    await recordAudit(clientExec(pool), {
      event: "mlm_backup_created",
      actor_type: "system",
      actor_id: "cli:backup",
      target_type: "backup",
      target_id: summary.key_id,
      after: { file, created_at: summary.created_at, audit_last_seq: summary.audit_last_seq, tables: summary.tables.map(({ name, rows }) => ({ name, rows })) },
    })
  } catch (error) {
    log(`backup: the archive is complete, but its audit row could not be written: ${(error as Error).message}`)
  }
}

export async function restoreFromEnv(args: string[], env: NodeJS.ProcessEnv = process.env, log: CliLog = console.log): Promise<RestoreSummary> {
  const file = fileArgument(args, "in", "restore")
  const { databaseUrl, key } = settingsFrom(env, "restore")
  if (!existsSync(file)) throw new BackupError(`restore: ${file} does not exist`)
  const pool = onePool(databaseUrl)
  try {
    const client = await pool.connect()
    try {
      log(`restore: reading ${file} with backup key ${backupKeyId(key)}`)
      const summary = await restoreBackup(client, key, createReadStream(file), { log })
      const rows = summary.tables.reduce((sum, table) => sum + table.rows, 0)
      log(`restore: done: ${summary.tables.length} tables, ${rows} rows as of ${summary.archive_created_at}; ${summary.audit_rows_verified} audit rows verified`)
      if (summary.audit_last_seq !== null) {
        log(`restore: replay the erasures recorded after audit seq ${summary.audit_last_seq} (data_deleted events) in the database this backup replaces`)
      }
      return summary
    } finally {
      client.release(true)
    }
  } finally {
    await pool.end()
  }
}
