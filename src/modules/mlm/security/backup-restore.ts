/**
 * `npm run restore` (docs/security.md, "Backups"): an archive back into a database whose plugin
 * schema exists (`medusa db:migrate`) and whose plugin tables are all empty.
 *
 * All or nothing: the whole restore is ONE transaction, committed only after the last chunk has
 * authenticated, the archive's end record is read, every table's rows match the archive's count
 * and checksum as read back from the target, and the audit chain verifies. A changed byte, a
 * wrong key or a cut file anywhere rolls everything back: the target stays empty.
 *
 * Each table's rows are staged in a temporary table and inserted with one INSERT ... SELECT, so
 * constraints see the table whole (a distributor's sponsor, a placement's parent, a board's
 * predecessor may come later in key order). Triggers that guard history stay on: the
 * append-only ones refuse only UPDATE and DELETE, and the sponsor path trigger checks every
 * restored path (under the tree lock it demands). The one trigger that rewrites inserted rows,
 * mlm_audit_chain (it would renumber, re-time and re-hash audit rows), is disabled for the insert
 * inside the transaction, and the restored chain is verified link by link before commit.
 */
import type { Readable } from "node:stream"
import type { PoolClient } from "pg"
import { SPONSOR_TREE_LOCK_KEY } from "../repositories/tree-lock"
import type { SqlExec } from "../repositories/sql-exec"
import { recordAudit } from "./audit"
import { verifyAuditChain } from "./audit-verify"
import { type BackupTable, describeTable, listPluginSequences, listPluginTables, quoteIdent, RowStreamHash, tableChecksum } from "./backup-catalog"
import { BackupError } from "./backup-format"
import { type ArchiveRecord, openArchive } from "./backup-read"
import { type ArchiveManifest, clientExec, type TableDigest } from "./backup-write"

export type RestoreSummary = {
  key_id: string
  archive_created_at: string
  audit_last_seq: number | null
  tables: TableDigest[]
  sequences: number
  audit_rows_verified: number
}

export type RestoreOptions = {
  /** Who the mlm_backup_restored audit row names (default "cli:restore"). */
  actor?: string
  log?: (line: string) => void
}

/** Triggers that rewrite what is inserted: off while restored rows go in, on again before commit. */
const REWRITING_TRIGGERS: Record<string, string[]> = { mlm_audit_log: ["mlm_audit_chain"] }
const STAGE = "pg_temp.mlm_restore_stage"
const PAGE_ROWS = 1000
const PAGE_CHARS = 4 * 1024 * 1024

export async function restoreBackup(client: PoolClient, key: Buffer, input: Readable, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const archive = openArchive(input, key)
  const exec = clientExec(client)
  let open = false
  try {
    const first = await next(archive.records, "the archive's manifest")
    if (first.tag !== "@archive") throw new BackupError("Archive content does not start with its manifest")
    const manifest = first.body as ArchiveManifest
    const header = archive.header()

    await exec("BEGIN")
    open = true
    await exec("SET LOCAL TIME ZONE 'UTC'")
    await exec("SET LOCAL intervalstyle = 'postgres'")
    // The sponsor path trigger refuses path writes without the tree lock (exclusive is a superset).
    await exec(`SELECT pg_advisory_xact_lock($1::bigint)`, [SPONSOR_TREE_LOCK_KEY])
    await checkTarget(exec, manifest)

    const digests: TableDigest[] = []
    for (const table of manifest.tables) {
      const opening = await next(archive.records, `table ${table.name}`)
      if (opening.tag !== "@table" || (opening.body as { name?: string }).name !== table.name) {
        throw new BackupError(`Archive content is out of order: expected table ${table.name}`)
      }
      digests.push(await restoreTable(exec, table, archive.records))
      options.log?.(`restore: ${table.name}: ${digests[digests.length - 1].rows} rows, checksum verified`)
    }
    const done = await next(archive.records, "the archive's end record")
    if (done.tag !== "@done" || JSON.stringify((done.body as { tables: unknown }).tables) !== JSON.stringify(digests)) {
      throw new BackupError("Archive end record does not match the tables restored")
    }
    const after = await archive.records.next()
    if (!after.done) throw new BackupError("Archive has content after its end record")

    const sequences = await restoreSequences(exec, manifest)
    let auditRows = 0
    if (manifest.tables.some((table) => table.name === "mlm_audit_log")) {
      await recordAudit(exec, {
        event: "mlm_backup_restored",
        actor_type: "system",
        actor_id: options.actor ?? "cli:restore",
        target_type: "backup",
        target_id: header.key_id,
        after: { archive_created_at: manifest.created_at, audit_last_seq: manifest.audit_last_seq, tables: digests.map(({ name, rows }) => ({ name, rows })) },
      })
      auditRows = await verifyRestoredChain(exec)
    }
    await exec("COMMIT")
    open = false
    return {
      key_id: header.key_id,
      archive_created_at: manifest.created_at,
      audit_last_seq: manifest.audit_last_seq,
      tables: digests,
      sequences,
      audit_rows_verified: auditRows,
    }
  } catch (error) {
    archive.close()
    if (open) await exec("ROLLBACK").catch(() => undefined)
    throw error
  }
}

async function next(records: AsyncGenerator<ArchiveRecord>, what: string): Promise<ArchiveRecord> {
  const item = await records.next()
  if (item.done) throw new BackupError(`Archive content ends before ${what}`)
  return item.value
}

/** The schema must exist and match; every plugin table must be empty (locked, so it stays so). */
async function checkTarget(exec: SqlExec, manifest: ArchiveManifest): Promise<void> {
  const present = await listPluginTables(exec)
  const missing = manifest.tables.filter((table) => !present.includes(table.name)).map((table) => table.name).sort()
  if (missing.length) {
    throw new BackupError(`The target has no table ${missing.join(", ")}: create the schema first (medusa db:migrate, with the plugin version that took the backup)`)
  }
  await exec(`LOCK TABLE ${present.map(quoteIdent).join(", ")} IN ACCESS EXCLUSIVE MODE`)
  const filled: string[] = []
  for (const name of present) {
    const [row] = await exec<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(name)}) AS filled`)
    if (row.filled) filled.push(name)
  }
  filled.sort()
  if (filled.length) throw new BackupError(`Restore needs an empty database, but ${filled.join(", ")} ${filled.length === 1 ? "has" : "have"} rows`)
  for (const table of manifest.tables) {
    const target = await describeTable(exec, table.name)
    const shape = (t: BackupTable) => t.columns.map((column) => `${column.name} ${column.type}`).join(", ")
    if (shape(target) !== shape(table)) {
      throw new BackupError(`Table ${table.name} differs from the archive's: archive (${shape(table)}), target (${shape(target)}); migrate the target to the plugin version that took the backup`)
    }
  }
}

async function restoreTable(exec: SqlExec, table: BackupTable, records: AsyncGenerator<ArchiveRecord>): Promise<TableDigest> {
  const columns = table.columns.map((column) => quoteIdent(column.name)).join(", ")
  await exec(`CREATE TEMP TABLE mlm_restore_stage ON COMMIT DROP AS SELECT ${columns} FROM ${quoteIdent(table.name)} WITH NO DATA`)
  const read = new RowStreamHash()
  let page: string[] = []
  let pageChars = 0
  const load = async () => {
    if (!page.length) return
    await exec(`INSERT INTO ${STAGE} SELECT * FROM json_populate_recordset(NULL::${STAGE}, $1::json)`, [`[${page.join(",")}]`])
    page = []
    pageChars = 0
  }
  let end: TableDigest | undefined
  while (!end) {
    const record = await next(records, `the end of table ${table.name}`)
    if (record.tag === "row") {
      read.add(record.row)
      page.push(record.row)
      pageChars += record.row.length
      if (page.length >= PAGE_ROWS || pageChars >= PAGE_CHARS) await load()
    } else if (record.tag === "@end") {
      end = record.body as TableDigest
    } else {
      throw new BackupError(`Archive content is out of order inside table ${table.name}`)
    }
  }
  await load()
  const archived = { rows: read.rows, sha256: read.digest() }
  if (end.name !== table.name || end.rows !== archived.rows || end.sha256 !== archived.sha256) {
    throw new BackupError(`Archive table ${table.name} does not match its own checksum`)
  }

  const triggers = await existingTriggers(exec, table.name, REWRITING_TRIGGERS[table.name] ?? [])
  for (const trigger of triggers) await exec(`ALTER TABLE ${quoteIdent(table.name)} DISABLE TRIGGER ${quoteIdent(trigger)}`)
  try {
    await exec(`INSERT INTO ${quoteIdent(table.name)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM ${STAGE}`)
  } catch (error) {
    throw new BackupError(`Restoring ${table.name} failed: ${(error as Error).message}`)
  }
  for (const trigger of triggers) await exec(`ALTER TABLE ${quoteIdent(table.name)} ENABLE TRIGGER ${quoteIdent(trigger)}`)
  await exec(`DROP TABLE ${STAGE}`)

  const restored = await tableChecksum(exec, table)
  if (restored.rows !== end.rows || restored.sha256 !== end.sha256) {
    throw new BackupError(`Table ${table.name} as restored (${restored.rows} rows) does not match the archive (${end.rows} rows, checksum ${end.sha256})`)
  }
  return { name: table.name, rows: end.rows, sha256: end.sha256 }
}

/**
 * The audit verifier (audit-verify.ts) walks the restored chain: every row links to the one
 * before it and hashes to what it stores. The checksums already prove the rows are the archive's;
 * this proves the archived chain was whole, and that the restore's own row continues it.
 */
async function verifyRestoredChain(exec: SqlExec): Promise<number> {
  const report = await verifyAuditChain(exec)
  if (!report.ok) {
    const broken = report.first_broken!
    throw new BackupError(`The archived audit trail is broken at seq ${broken.seq} (${broken.reason}: ${broken.detail}): it was changed before the backup was taken`)
  }
  return report.rows_checked
}

async function existingTriggers(exec: SqlExec, table: string, names: string[]): Promise<string[]> {
  if (!names.length) return []
  const rows = await exec<{ name: string }>(
    `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname = ANY ($2::text[])`,
    [quoteIdent(table), names],
  )
  return rows.map((row) => row.name)
}

/**
 * Each archived sequence continues after both its archived value and the largest restored value
 * of the column it numbers, so the next node id, audit seq or ledger line id never collides.
 */
async function restoreSequences(exec: SqlExec, manifest: ArchiveManifest): Promise<number> {
  const present = new Map((await listPluginSequences(exec)).map((sequence) => [sequence.name, sequence]))
  let restored = 0
  for (const archived of manifest.sequences) {
    const target = present.get(archived.name)
    if (!target) continue
    let value = archived.last_value === null ? null : BigInt(archived.last_value)
    if (target.owned_by) {
      const [row] = await exec<{ max: string | null }>(
        `SELECT max(${quoteIdent(target.owned_by.column)})::text AS max FROM ${quoteIdent(target.owned_by.table)}`,
      )
      if (row.max !== null && (value === null || BigInt(row.max) > value)) value = BigInt(row.max)
    }
    if (value === null) continue
    await exec(`SELECT setval($1::regclass, $2::bigint, true)`, [quoteIdent(archived.name), value.toString()])
    restored++
  }
  return restored
}
