/**
 * What a backup holds, read from the database's catalog rather than listed by hand, so a table a
 * later migration adds is backed up without anyone remembering to: every base table named mlm_%
 * in the current schema, its stored columns (generated ones are recomputed on restore), its
 * primary key, and every mlm_% sequence. Tables come parents first (foreign keys), so a restore
 * can insert them in archive order.
 *
 * Rows are read as PostgreSQL's own JSON text (`row_to_json`), never parsed in JavaScript: a
 * bigint above 2^53 or a microsecond timestamp crosses the archive unchanged. The canonical
 * order is the primary key with text compared byte-wise (COLLATE "C"), so a table's checksum is
 * the same on databases with different default collations.
 */
import { createHash } from "node:crypto"
import type { SqlExec } from "../repositories/sql-exec"

export type BackupColumn = { name: string; type: string; identity: boolean }
export type BackupTable = { name: string; columns: BackupColumn[]; primary_key: string[] }
export type BackupSequence = { name: string; last_value: string | null; owned_by: { table: string; column: string } | null }

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

const PLUGIN_TABLE = `mlm\\_%`

/** Every plugin table, parents before the tables whose foreign keys point at them. */
export async function listPluginTables(exec: SqlExec): Promise<string[]> {
  const tables = (
    await exec<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name LIKE $1
        ORDER BY table_name`,
      [PLUGIN_TABLE],
    )
  ).map((row) => row.table_name)
  const references = await exec<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = to_regnamespace(current_schema()) AND c.relname LIKE $1 AND p.relname LIKE $1`,
    [PLUGIN_TABLE],
  )
  return parentsFirst(tables, references)
}

function parentsFirst(tables: string[], references: { child: string; parent: string }[]): string[] {
  const parentsOf = new Map(tables.map((table) => [table, new Set<string>()]))
  for (const { child, parent } of references) if (child !== parent) parentsOf.get(child)?.add(parent)
  const ordered: string[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table) && [...parentsOf.get(table)!].every((parent) => placed.has(parent)))
    if (ready.length === 0) {
      const stuck = tables.filter((table) => !placed.has(table))
      throw new Error(`Plugin tables reference each other in a cycle, no safe restore order: ${stuck.join(", ")}`)
    }
    for (const table of ready) {
      ordered.push(table)
      placed.add(table)
    }
  }
  return ordered
}

export async function describeTable(exec: SqlExec, table: string): Promise<BackupTable> {
  const columns = await exec<{ name: string; type: string; identity: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity <> '' AS identity
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [quoteIdent(table)],
  )
  const primaryKey = await exec<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [quoteIdent(table)],
  )
  return { name: table, columns, primary_key: primaryKey.map((row) => row.name) }
}

export async function listPluginSequences(exec: SqlExec): Promise<BackupSequence[]> {
  const rows = await exec<{ name: string; last_value: string | null; owner_table: string | null; owner_column: string | null }>(
    `SELECT s.sequencename AS name, s.last_value::text AS last_value, t.relname AS owner_table, a.attname AS owner_column
       FROM pg_sequences s
       JOIN pg_class q ON q.relname = s.sequencename AND q.relnamespace = to_regnamespace(s.schemaname)
       LEFT JOIN pg_depend d ON d.objid = q.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE s.schemaname = current_schema() AND s.sequencename LIKE $1
      ORDER BY s.sequencename`,
    [PLUGIN_TABLE],
  )
  return rows.map((row) => ({
    name: row.name,
    last_value: row.last_value,
    owned_by: row.owner_table && row.owner_column ? { table: row.owner_table, column: row.owner_column } : null,
  }))
}

/** The columns a backup stores, as a select list. */
export function columnList(table: BackupTable): string {
  return table.columns.map((column) => quoteIdent(column.name)).join(", ")
}

/** Rows of `table` as JSON text, in canonical order (primary key, text byte-wise). */
export function canonicalRowsSql(table: BackupTable, collatable: ReadonlySet<string>): string {
  const order = table.primary_key.length
    ? table.primary_key.map((name) => `t.${quoteIdent(name)}${collatable.has(name) ? ` COLLATE "C"` : ""}`).join(", ")
    : `row_to_json(t)::text COLLATE "C"`
  return `SELECT row_to_json(t)::text AS row FROM (SELECT ${columnList(table)} FROM ${quoteIdent(table.name)}) t ORDER BY ${order}`
}

/** Primary-key columns whose type has a collation (text and the like). */
export async function collatableColumns(exec: SqlExec, table: string): Promise<Set<string>> {
  const rows = await exec<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND attcollation <> 0`,
    [quoteIdent(table)],
  )
  return new Set(rows.map((row) => row.name))
}

let cursorCount = 0

/**
 * Streams a query's `row` column through a server-side cursor (the caller's transaction must be
 * open on `exec`'s one connection): memory holds one fetch, however large the table.
 */
export async function* cursorRows(exec: SqlExec, sql: string, fetchSize = 2000): AsyncGenerator<string> {
  const cursor = `mlm_backup_cursor_${++cursorCount}`
  await exec(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`)
  try {
    for (;;) {
      const rows = await exec<{ row: string }>(`FETCH ${fetchSize} FROM ${cursor}`)
      for (const row of rows) yield row.row
      if (rows.length < fetchSize) return
    }
  } finally {
    // After an error the transaction is aborted and refuses CLOSE; the original error matters.
    await exec(`CLOSE ${cursor}`).catch(() => undefined)
  }
}

/** sha256 over each row's JSON text and a newline, in canonical order: a table's checksum. */
export class RowStreamHash {
  private readonly hash = createHash("sha256")
  rows = 0

  add(row: string): void {
    this.hash.update(row, "utf8").update("\n")
    this.rows++
  }

  digest(): string {
    return this.hash.digest("hex")
  }
}

/** Count and checksum of a table as it stands, read the way the backup reads it. */
export async function tableChecksum(exec: SqlExec, table: BackupTable): Promise<{ rows: number; sha256: string }> {
  const hash = new RowStreamHash()
  for await (const row of cursorRows(exec, canonicalRowsSql(table, await collatableColumns(exec, table.name)))) hash.add(row)
  return { rows: hash.rows, sha256: hash.digest() }
}
