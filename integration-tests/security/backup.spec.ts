/**
 * Encrypted backups (docs/security.md "Backups") against real PostgreSQL, no Medusa: a source
 * database with the module's schema and data of every kind (a sponsor tree whose children sort
 * before their sponsors, ledger lines with negative and beyond-2^53 amounts, personal data
 * encrypted with the test keyring, a hash-chained audit trail, placements and boards that point
 * at rows later in key order), backed up with `npm run backup`'s code and restored with
 * `npm run restore`'s into empty databases. Equality is checked by SQL of the test's own, not by
 * the archive's checksums; every refusal leaves its target empty.
 */
import { randomBytes } from "node:crypto"
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Client, type Pool } from "pg"
import { pgSqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { recordAudit } from "../../src/modules/mlm/security/audit"
import { backupFromEnv, restoreFromEnv } from "../../src/modules/mlm/security/backup-cli"
import { backupKeyId } from "../../src/modules/mlm/security/backup-format"
import { writeBackup } from "../../src/modules/mlm/security/backup-write"
import { Keyring } from "../../src/modules/mlm/security/keyring"
import { readPrivateData, writePrivateData } from "../../src/modules/mlm/security/private-data"
import { createTestDatabase, type TestDatabase, urlFor } from "../queue/support/database"
import { buildChains, insertPlanVersion, unilevelPlan } from "../queue/support/network"

jest.setTimeout(240_000)

const KEY = randomBytes(32).toString("base64")
const OTHER_KEY = randomBytes(32).toString("base64")
const HUGE = "9007199254740993" // 2^53 + 1: a JS number cannot hold it
const ACTOR = { type: "user" as const, id: "user_backup_test" }
const files: string[] = []
const fresh = (name: string) => {
  const file = join(tmpdir(), `mlm-backup-${process.pid}-${Date.now()}-${name}.mlmbak`)
  files.push(file, `${file}.partial`)
  return file
}
const silent = () => undefined

/** Per plugin table: row count and an md5 over every row's text in byte order. */
async function fingerprint(pool: Pool, where: Record<string, string> = {}): Promise<Record<string, string>> {
  const tables = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'mlm\\_%' ORDER BY 1`,
  )
  const out: Record<string, string> = {}
  for (const { table_name } of tables.rows) {
    const { rows } = await pool.query<{ n: number; md5: string }>(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")), '-') AS md5
         FROM ${table_name} t ${where[table_name] ?? ""}`,
    )
    out[table_name] = `${rows[0].n}:${rows[0].md5}`
  }
  return out
}

const rowsIn = (print: Record<string, string>) => Object.fromEntries(Object.entries(print).map(([table, value]) => [table, Number(value.split(":")[0])]))
const allEmpty = async (pool: Pool) => Object.values(rowsIn(await fingerprint(pool))).every((n) => n === 0)

async function fill(pool: Pool, keyring: Keyring): Promise<void> {
  const db = pgSqlDb(pool)
  await buildChains(pool, 3, 5) // house + 15: mlmdist_q10 sorts before its sponsor mlmdist_q9
  const planVersion = await insertPlanVersion(pool, unilevelPlan("EUR", 3, 1000))
  for (const order of ["order_b", "order_a"]) {
    await pool.query(
      `INSERT INTO mlm_commission_record (order_id, plan_version_id, currency_code, customer_id, owner_node, buyer_kind, cv_minor, net_cv_minor,
         total_minor, items, zero_terms, period_key, placed_at, hold_until)
       VALUES ($1, $2, 'EUR', 'cus_q6', 6, 'distributor', 10000, 10000, 12000, '[{"item_id":"i1","quantity":1}]', '[]', '2026-11', '2026-11-21T10:00:00.123456Z', '2026-12-21T10:00:00Z')`,
      [order, planVersion],
    )
  }
  await pool.query(
    `INSERT INTO mlm_commission_adjustment (adjustment_key, order_id, kind, cv_minor, net_cv_before, net_cv_after, actor_id, reason)
     VALUES ('adj-1', 'order_a', 'refund', 2500, 10000, 7500, 'user_1', 'Zoë''s refund, "quoted", €'), ('adj-2', 'order_b', 'cancel', 10000, 10000, 0, NULL, NULL)`,
  )
  await pool.query(
    `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, order_id, base_minor, rate_bp, status, hold_until)
     SELECT 'order', 'order_' || (n % 2), n, 'unilevel', n % 3, CASE WHEN n % 4 = 0 THEN -n * 7 ELSE n * 1001 END, 'EUR', $1, 'order_' || (n % 2), 10000, 1000, 'pending', '2026-12-21T10:00:00Z'
       FROM generate_series(2, 16) n`,
    [planVersion],
  )
  await pool.query(
    `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, amount_minor, currency_code, plan_version_id, status)
     VALUES ('adjustment', 'adj-huge', 3, 'pool', $1::bigint, 'EUR', $2, 'available')`,
    [HUGE, planVersion],
  )
  await pool.query(`UPDATE mlm_ledger_line SET status = 'available', status_changed_at = now() WHERE beneficiary_node IN (2, 5)`)
  await pool.query(
    `INSERT INTO mlm_outbox (job_key, job_name, payload, status) VALUES ('order-order_a', 'order', $1::jsonb, 'done')`,
    [JSON.stringify({ name: "Zoë 🚀\u2028line\nbreak", nested: { big: HUGE, list: [1, 2, 3] } })],
  )
  // A placement and a board whose parent/predecessor sorts after them.
  await pool.query(
    `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path)
     VALUES ('plc_z_root', 'binary', 'EUR', 'mlmdist_q1', NULL, NULL, 0, ARRAY[1]), ('plc_a_child', 'binary', 'EUR', 'mlmdist_q2', 'plc_z_root', 0, 1, ARRAY[1, 2])`,
  )
  await pool.query(
    `INSERT INTO mlm_board (id, board_key, stage, capacity, status) VALUES ('brd_z', 'b', 1, 7, 'split');
     INSERT INTO mlm_board (id, board_key, stage, capacity, split_from_id) VALUES ('brd_a', 'b', 1, 7, 'brd_z')`,
  )
  await pool.query(`INSERT INTO mlm_admin_role (user_id, role, granted_by) VALUES ('user_1', 'admin', 'cli'), ('user_2', 'finance', 'user_1')`)
  for (const [node, tax] of [[3, "DE 123-456 789"], [7, "FR12345678901"], [12, "de123456789"]] as const) {
    await db.transaction((exec) =>
      writePrivateData(exec, keyring, {
        distributor_id: `mlmdist_q${node}`,
        changes: { tax_id: tax, phone: `+4917000000${node}`, date_of_birth: "1980-02-29", bank: { token: `tok_${node}`, last4: "4242" } },
        actor: ACTOR,
      }),
    )
  }
  for (let i = 0; i < 20; i++) {
    await recordAudit(db.exec, { event: "mlm_sponsor_moved", actor_type: "user", actor_id: "user_1", target_type: "distributor", target_id: `mlmdist_q${i}`, before: { i }, after: { note: `ünïcödé ${i}`, big: HUGE } })
  }
}

/** An archive's chunk frames: [start, end) byte offsets after the header. */
function frames(bytes: Buffer): { start: number; end: number }[] {
  let at = 8 + 4 + bytes.readUInt32BE(8)
  const out: { start: number; end: number }[] = []
  while (at < bytes.length) {
    const end = at + 33 + bytes.readUInt32BE(at + 1)
    out.push({ start: at, end })
    at = end
  }
  return out
}

describe("encrypted backup and restore", () => {
  let source: TestDatabase
  let target: TestDatabase
  let empty: TestDatabase
  let keyring: Keyring
  let archive: string
  let smallChunks: Buffer
  let backupLog: string[]

  const restoreInto = (db: TestDatabase, file: string, key = KEY) => restoreFromEnv(["--in", file], { DATABASE_URL: db.url, MLM_BACKUP_KEY: key }, silent)
  const write = (name: string, bytes: Buffer) => {
    const file = fresh(name)
    writeFileSync(file, bytes)
    return file
  }

  beforeAll(async () => {
    keyring = new Keyring(Keyring.configFromEnv()!)
    ;[source, target, empty] = await Promise.all([createTestDatabase("mlm_bk", 4), createTestDatabase("mlm_bk", 4), createTestDatabase("mlm_bk", 4)])
    await fill(source.pool, keyring)
    archive = fresh("full")
    backupLog = []
    await backupFromEnv(["--out", archive], { DATABASE_URL: source.url, MLM_BACKUP_KEY: KEY, ...keyEnv() }, (line) => backupLog.push(line))
    const client = await source.pool.connect()
    const small = fresh("small")
    try {
      await writeBackup(client, Buffer.from(KEY, "base64"), createWriteStream(small), { chunkBytes: 1024 })
    } finally {
      client.release()
    }
    smallChunks = readFileSync(small)
  })

  afterAll(async () => {
    await Promise.all([source, target, empty].filter(Boolean).map((db) => db.drop()))
    for (const file of files) rmSync(file, { force: true })
  })

  const keyEnv = () => ({
    MLM_ENCRYPTION_KEYS: process.env.MLM_ENCRYPTION_KEYS!,
    MLM_BLIND_INDEX_KEY: process.env.MLM_BLIND_INDEX_KEY!,
  })

  it("round trip: every plugin table equal row for row, sequences continue, private data decrypts, the audit chain verifies", async () => {
    const lastArchivedSeq = Number((await source.pool.query(`SELECT max(seq) AS seq FROM mlm_audit_log WHERE event <> 'mlm_backup_created'`)).rows[0].seq)
    expect(backupLog[backupLog.length - 1]).toMatch(/^backup: done: 25 tables, \d+ rows, 5 sequences, as of 20\d\d-/)
    // The source recorded the backup after taking it; the archive holds the rows before that row.
    const created = await source.pool.query(`SELECT seq, actor_id, target_id, after FROM mlm_audit_log WHERE event = 'mlm_backup_created'`)
    expect(created.rows).toEqual([expect.objectContaining({ actor_id: "cli:backup", target_id: backupKeyId(Buffer.from(KEY, "base64")) })])
    expect(Number(created.rows[0].seq)).toBe(lastArchivedSeq + 1)

    const summary = await restoreInto(target, archive)
    expect(summary.audit_last_seq).toBe(lastArchivedSeq)
    const onlyArchived = { mlm_audit_log: `WHERE seq <= ${lastArchivedSeq}` }
    const before = await fingerprint(source.pool, onlyArchived)
    expect(await fingerprint(target.pool, onlyArchived)).toEqual(before)
    expect(rowsIn(before)).toMatchObject({
      mlm_distributor: 16,
      mlm_ledger_line: 16,
      mlm_commission_record: 2,
      mlm_commission_adjustment: 2,
      mlm_subject_key: 3,
      mlm_distributor_private: 3,
      mlm_placement: 2,
      mlm_board: 2,
      mlm_admin_role: 2,
      mlm_audit_log: 23,
    })
    const huge = await target.pool.query(`SELECT amount_minor::text AS amount FROM mlm_ledger_line WHERE source_id = 'adj-huge'`)
    expect(huge.rows).toEqual([{ amount: HUGE }])

    // The restore appended its own audit row, linked to the restored chain, which verifies whole.
    const restored = await target.pool.query(`SELECT seq, event, actor_id FROM mlm_audit_log WHERE seq > $1`, [lastArchivedSeq])
    expect(restored.rows).toEqual([{ seq: String(lastArchivedSeq + 1), event: "mlm_backup_restored", actor_id: "cli:restore" }])
    expect(summary.audit_rows_verified).toBe(24)
    const links = await target.pool.query(
      `SELECT count(*)::int AS n FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY seq) AS previous FROM mlm_audit_log) c WHERE prev_hash = coalesce(previous, repeat('0', 64))`,
    )
    expect(links.rows).toEqual([{ n: 24 }])

    // Sequences continue after the restored rows: no id is handed out twice.
    const next = await target.pool.query(
      `SELECT nextval('mlm_distributor_node_id_seq') AS node, nextval('mlm_ledger_line_id_seq') AS line, nextval('mlm_commission_adjustment_id_seq') AS adj`,
    )
    expect(next.rows[0]).toEqual({ node: "17", line: "17", adj: "3" })

    const db = pgSqlDb(target.pool)
    const revealed = await db.transaction((exec) => readPrivateData(exec, keyring, { distributor_id: "mlmdist_q7", reveal: true, actor: ACTOR }))
    expect(revealed.values).toMatchObject({ tax_id: "FR12345678901", phone: "+49170000007", date_of_birth: "1980-02-29" })
    expect(revealed.tax_id_shared_with).toEqual([])
    const shared = await db.transaction((exec) => readPrivateData(exec, keyring, { distributor_id: "mlmdist_q3", reveal: false, actor: ACTOR }))
    expect(shared.tax_id_shared_with).toEqual(["mlmdist_q12"])
  })

  it("refuses to restore into a database whose plugin tables have rows, changing nothing there", async () => {
    const before = await fingerprint(target.pool)
    await expect(restoreInto(target, archive)).rejects.toThrow(
      "Restore needs an empty database, but mlm_admin_role, mlm_audit_log, mlm_board, mlm_commission_adjustment, mlm_commission_record, " +
        "mlm_distributor, mlm_distributor_private, mlm_ledger_line, mlm_outbox, mlm_placement, mlm_plan, mlm_plan_version, mlm_subject_key have rows",
    )
    expect(await fingerprint(target.pool)).toEqual(before)
  })

  it("refuses an archive with one byte changed, in a chunk or in the header; the target stays empty", async () => {
    const bytes = readFileSync(archive)
    const [first] = frames(bytes)
    const inChunk = Buffer.from(bytes)
    inChunk[first.start + 33 + 10] ^= 0x01
    await expect(restoreInto(empty, write("chunk-byte", inChunk))).rejects.toThrow(
      "Archive chunk 0 does not authenticate: the file (or its header) was modified, damaged or reordered",
    )
    const inHeader = Buffer.from(bytes)
    const createdAt = bytes.indexOf('"created_at":"20') + '"created_at":"20'.length
    inHeader[createdAt] = inHeader[createdAt] === 0x32 ? 0x33 : 0x32
    await expect(restoreInto(empty, write("header-byte", inHeader))).rejects.toThrow("Archive chunk 0 does not authenticate")
    const lastByte = Buffer.from(bytes)
    lastByte[lastByte.length - 1] ^= 0x80
    await expect(restoreInto(empty, write("last-byte", lastByte))).rejects.toThrow(/^Archive chunk \d+ does not authenticate/)
    expect(await allEmpty(empty.pool)).toBe(true)
  })

  it("refuses the wrong key before reading any data; the target stays empty", async () => {
    await expect(restoreInto(empty, archive, OTHER_KEY)).rejects.toThrow(
      `Wrong key: the archive was encrypted with backup key ${backupKeyId(Buffer.from(KEY, "base64"))}, MLM_BACKUP_KEY is ${backupKeyId(Buffer.from(OTHER_KEY, "base64"))}`,
    )
    expect(await allEmpty(empty.pool)).toBe(true)
  })

  it("refuses truncated, reordered and extended archives, however they were cut; the target stays empty", async () => {
    const chunks = frames(smallChunks)
    expect(chunks.length).toBeGreaterThan(4)
    const last = chunks[chunks.length - 1]
    const cutAtBoundary = smallChunks.subarray(0, last.start)
    await expect(restoreInto(empty, write("cut-boundary", cutAtBoundary))).rejects.toThrow(
      `Archive is truncated: it ends after chunk ${chunks.length - 2} without the final chunk`,
    )
    await expect(restoreInto(empty, write("cut-inside", smallChunks.subarray(0, chunks[2].start + 100)))).rejects.toThrow(
      "Archive is truncated: it ends after chunk 1 without the final chunk",
    )
    await expect(restoreInto(empty, write("header-only", smallChunks.subarray(0, chunks[0].start)))).rejects.toThrow(
      "Archive is truncated: it ends before its first chunk",
    )
    await expect(restoreInto(empty, write("cut-header", smallChunks.subarray(0, 20)))).rejects.toThrow(
      "Not a complete MLM backup archive: the file ends inside its header",
    )
    const [a, b] = [chunks[1], chunks[2]]
    const swapped = Buffer.concat([smallChunks.subarray(0, a.start), smallChunks.subarray(b.start, b.end), smallChunks.subarray(a.start, a.end), smallChunks.subarray(b.end)])
    await expect(restoreInto(empty, write("swapped", swapped))).rejects.toThrow("Archive chunk 1 does not authenticate")
    const dropped = Buffer.concat([smallChunks.subarray(0, a.start), smallChunks.subarray(b.start)])
    await expect(restoreInto(empty, write("dropped", dropped))).rejects.toThrow("Archive chunk 1 does not authenticate")
    const extended = Buffer.concat([smallChunks, smallChunks.subarray(a.start, a.end)])
    await expect(restoreInto(empty, write("extended", extended))).rejects.toThrow("Archive has data after its final chunk: the file was modified")
    await expect(restoreInto(empty, write("not-an-archive", Buffer.from("PGDMP not ours")))).rejects.toThrow("Not an MLM backup archive (bad magic bytes)")
    expect(await allEmpty(empty.pool)).toBe(true)

    // The same small-chunk archive, untouched, restores: the refusals were about the damage.
    const summary = await restoreInto(empty, write("small-intact", smallChunks))
    expect(summary.tables).toHaveLength(25)
    await expect(restoreInto(empty, write("small-again", smallChunks))).rejects.toThrow(/^Restore needs an empty database/)
  })

  it("refuses a backup key that is a data key, the blind index key, or not 32 bytes, writing no file", async () => {
    const dataKey = process.env.MLM_ENCRYPTION_KEYS!.split(",")[1].split(":")[1]
    const attempts: [string, string][] = [
      [dataKey, "backup: MLM_BACKUP_KEY must differ from every data key: it equals data key t2 (MLM_ENCRYPTION_KEYS)"],
      [process.env.MLM_BLIND_INDEX_KEY!, "backup: MLM_BACKUP_KEY must differ from every data key: it equals the blind index key (MLM_BLIND_INDEX_KEY)"],
      [randomBytes(16).toString("base64"), "backup: MLM_BACKUP_KEY must be 32 bytes, base64 (got 16 bytes); make one with: openssl rand -base64 32"],
    ]
    for (const [key, message] of attempts) {
      const out = fresh("refused-key")
      await expect(backupFromEnv(["--out", out], { DATABASE_URL: source.url, MLM_BACKUP_KEY: key, ...keyEnv() }, silent)).rejects.toThrow(message)
      expect([existsSync(out), existsSync(`${out}.partial`)]).toEqual([false, false])
    }
    await expect(restoreFromEnv(["--in", archive], { DATABASE_URL: empty.url, MLM_BACKUP_KEY: dataKey, ...keyEnv() }, silent)).rejects.toThrow(
      "restore: MLM_BACKUP_KEY must differ from every data key: it equals data key t2 (MLM_ENCRYPTION_KEYS)",
    )
    await expect(backupFromEnv(["--out", archive], { DATABASE_URL: source.url, MLM_BACKUP_KEY: KEY }, silent)).rejects.toThrow(
      `backup: ${archive} already exists; choose a new file name`,
    )
    await expect(backupFromEnv([], { DATABASE_URL: source.url, MLM_BACKUP_KEY: KEY }, silent)).rejects.toThrow("backup: usage: npm run backup -- --out <file>")
  })

  it("refuses an archive whose audit trail was changed in the source before the backup, leaving the target empty", async () => {
    const [tampered, scratch] = await Promise.all([createTestDatabase("mlm_bk", 2), createTestDatabase("mlm_bk", 2)])
    try {
      for (let i = 0; i < 12; i++) await recordAudit(pgSqlDb(tampered.pool).exec, { event: "mlm_sponsor_moved", target_id: `d${i}`, after: { to: `s${i}` } })
      // What only the table's owner can do: suspend the append-only trigger and rewrite row 11.
      await tampered.pool.query(`ALTER TABLE mlm_audit_log DISABLE TRIGGER mlm_audit_log_append_only`)
      await tampered.pool.query(`UPDATE mlm_audit_log SET after = '{"to": "attacker"}' WHERE seq = 11`)
      await tampered.pool.query(`ALTER TABLE mlm_audit_log ENABLE TRIGGER mlm_audit_log_append_only`)
      const file = fresh("tampered-source")
      await backupFromEnv(["--out", file], { DATABASE_URL: tampered.url, MLM_BACKUP_KEY: KEY }, silent)
      await expect(restoreInto(scratch, file)).rejects.toThrow(/^The archived audit trail is broken at seq 11 \(hash_mismatch: row 11 stores hash [0-9a-f]{64}, its content hashes to [0-9a-f]{64}\): it was changed before the backup was taken$/)
      expect(await allEmpty(scratch.pool)).toBe(true)
    } finally {
      await Promise.all([tampered.drop(), scratch.drop()])
    }
  })

  it("refuses a target without the plugin schema, naming the command that creates it", async () => {
    const name = `mlm_bk_bare_${randomBytes(4).toString("hex")}`
    const admin = new Client({ connectionString: urlFor("postgres") })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    try {
      await expect(restoreFromEnv(["--in", archive], { DATABASE_URL: urlFor(name), MLM_BACKUP_KEY: KEY }, silent)).rejects.toThrow(
        /^The target has no table mlm_admin_role, .*: create the schema first \(medusa db:migrate, with the plugin version that took the backup\)$/,
      )
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  })
})
