/**
 * `npm run backup` (docs/security.md, "Backups"): every plugin table, read in one REPEATABLE READ
 * snapshot (a consistent cut across tables, taken while the store keeps running), streamed table
 * by table through server-side cursors, gzip-compressed and sealed in authenticated chunks
 * (backup-format.ts). Memory holds one fetch and one chunk, whatever the database's size.
 *
 * The plaintext inside the seal is a sequence of lines:
 *   @archive {manifest}      what the archive holds: tables (columns, primary key), sequences
 *   @table {"name"}          then one line per row: PostgreSQL's row_to_json text, canonical order
 *   @end {name, rows, sha256}
 *   @done {tables}           the last line: an archive without it is incomplete
 */
import { Readable, type Writable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { createGzip } from "node:zlib"
import type { PoolClient } from "pg"
import type { SqlExec } from "../repositories/sql-exec"
import {
  type BackupSequence,
  type BackupTable,
  canonicalRowsSql,
  collatableColumns,
  cursorRows,
  describeTable,
  listPluginSequences,
  listPluginTables,
  RowStreamHash,
} from "./backup-catalog"
import { BACKUP_FORMAT, BACKUP_VERSION, ChunkSealer, newBackupHeader } from "./backup-format"

export type ArchiveManifest = {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  created_at: string
  server_version: string
  /** The last audit row in the archive: erasures recorded after it must be replayed after a restore. */
  audit_last_seq: number | null
  tables: BackupTable[]
  sequences: BackupSequence[]
}

export type TableDigest = { name: string; rows: number; sha256: string }

export type BackupSummary = {
  key_id: string
  created_at: string
  audit_last_seq: number | null
  tables: TableDigest[]
  sequences: number
}

export type BackupOptions = {
  /** Plaintext bytes per sealed chunk (default 1 MiB). */
  chunkBytes?: number
  /** Rows per cursor fetch (default 2000). */
  fetchSize?: number
}

export const RECORD_TAGS = ["@archive", "@table", "@end", "@done"] as const
export type RecordTag = (typeof RECORD_TAGS)[number]

export function recordLine(tag: RecordTag, body: unknown): string {
  return `${tag} ${JSON.stringify(body)}\n`
}

/** A pg client's queries as the repositories' SqlExec. */
export function clientExec(client: Pick<PoolClient, "query">): SqlExec {
  return async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[]
}

/** Writes one archive of every plugin table to `out`; resolves once `out` has it all. */
export async function writeBackup(
  client: PoolClient,
  key: Buffer,
  out: Writable,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const exec = clientExec(client)
  await exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
  try {
    // Row text depends on these settings; restore reads with the same ones to compare checksums.
    await exec("SET LOCAL TIME ZONE 'UTC'")
    await exec("SET LOCAL intervalstyle = 'postgres'")
    const manifest = await readManifest(exec)
    const header = newBackupHeader(key, new Date(manifest.created_at), options.chunkBytes)
    const digests: TableDigest[] = []
    const lines = Readable.from(archiveLines(exec, manifest, digests, options.fetchSize ?? 2000), { objectMode: false })
    await pipeline(lines, createGzip(), new ChunkSealer(key, header), out)
    await exec("COMMIT")
    return {
      key_id: header.key_id,
      created_at: manifest.created_at,
      audit_last_seq: manifest.audit_last_seq,
      tables: digests,
      sequences: manifest.sequences.length,
    }
  } catch (error) {
    await exec("ROLLBACK").catch(() => undefined)
    throw error
  }
}

async function readManifest(exec: SqlExec): Promise<ArchiveManifest> {
  // now() is the snapshot's start: the instant the archive shows the database at.
  const [clock] = await exec<{ created_at: Date; server_version: string }>(
    `SELECT now() AS created_at, current_setting('server_version') AS server_version`,
  )
  const names = await listPluginTables(exec)
  const tables: BackupTable[] = []
  for (const name of names) tables.push(await describeTable(exec, name))
  let auditLastSeq: number | null = null
  if (names.includes("mlm_audit_log")) {
    const [row] = await exec<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM mlm_audit_log`)
    auditLastSeq = row.seq === null ? null : Number(row.seq)
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: new Date(clock.created_at).toISOString(),
    server_version: clock.server_version,
    audit_last_seq: auditLastSeq,
    tables,
    sequences: await listPluginSequences(exec),
  }
}

// Rows are handed to gzip in slices of about this many characters, not one stream write each.
const SLICE_CHARS = 256 * 1024

async function* archiveLines(exec: SqlExec, manifest: ArchiveManifest, digests: TableDigest[], fetchSize: number): AsyncGenerator<string> {
  yield recordLine("@archive", manifest)
  for (const table of manifest.tables) {
    yield recordLine("@table", { name: table.name })
    const hash = new RowStreamHash()
    let slice = ""
    for await (const row of cursorRows(exec, canonicalRowsSql(table, await collatableColumns(exec, table.name)), fetchSize)) {
      hash.add(row)
      slice += `${row}\n`
      if (slice.length >= SLICE_CHARS) {
        yield slice
        slice = ""
      }
    }
    if (slice) yield slice
    const digest = { name: table.name, rows: hash.rows, sha256: hash.digest() }
    digests.push(digest)
    yield recordLine("@end", digest)
  }
  yield recordLine("@done", { tables: digests })
}
