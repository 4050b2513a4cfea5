import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import type { AuditRowDTO } from "../../src/modules/mlm/security/audit-read"
import { toSiemEvent } from "../../src/modules/mlm/security/audit-siem"
import {
  AUDIT_GENESIS_HASH,
  auditRowHash,
  auditRowText,
  parseAuditAnchor,
  verifyAuditChain,
  type AuditChainRow,
} from "../../src/modules/mlm/security/audit-verify"

// Rows as PostgreSQL 15 printed them (audit-verify's select list) and the hashes its trigger
// stored: jsonb's own key order and number text, a NUL-free pipe in a value, non-ASCII text.
const PG_ROW_1: AuditChainRow = {
  seq: "1",
  at_text: "2026-11-21T04:15:25.988029Z",
  event: "mlm_sponsor_moved",
  actor_type: "user",
  actor_id: "user_1",
  target_type: null,
  target_id: null,
  ip: "10.0.0.1",
  user_agent: "Mozilla|pipe",
  outcome: "success",
  before_text: '{"a": "x", "b": 1}',
  after_text: '{"n": 1.50, "z": [1, 2, {"k": "ü € 😀"}], "aa": null}',
  prev_hash: AUDIT_GENESIS_HASH,
  hash: "a4c416cee6aa6a4a56c9f5b9fa97f3e869a91d9633b1aaf19096ace12213e63d",
}
const PG_ROW_4: AuditChainRow = {
  seq: "4",
  at_text: "2026-11-21T04:15:26.004174Z",
  event: "data_exported",
  actor_type: null,
  actor_id: null,
  target_type: "distributor",
  target_id: "d1",
  ip: null,
  user_agent: null,
  outcome: "denied",
  before_text: null,
  after_text: '"text with \\" quote"',
  prev_hash: "bbdb8f04af68dbc5a8eb9a86209353b5ff3e0e0add76160c24870910b4f9a2f1",
  hash: "b3c429d6ae25524733f8f4b6dc7db9f9f20cf7efc096b1d43eb8ca959da270c8",
}

/** A chain of `count` rows linked like the trigger links them, seq numbers as given. */
function chain(seqs: number[]): AuditChainRow[] {
  const rows: AuditChainRow[] = []
  let prev = AUDIT_GENESIS_HASH
  for (const seq of seqs) {
    const row = { ...PG_ROW_4, seq: String(seq), target_id: `d${seq}`, prev_hash: prev, hash: "" }
    row.hash = auditRowHash(row)
    rows.push(row)
    prev = row.hash
  }
  return rows
}

/** The two statements the verifier runs, answered from memory (and counted). */
function memoryExec(rows: AuditChainRow[]): SqlExec & { pages: number } {
  const exec = (async (sql: string, params: unknown[] = []) => {
    if (sql.includes("max(seq)")) return [{ seq: rows.length ? rows[rows.length - 1].seq : null }]
    exec.pages++
    const [after, through, limit] = params as number[]
    return rows.filter((row) => Number(row.seq) > after && Number(row.seq) <= through).slice(0, limit)
  }) as SqlExec & { pages: number }
  exec.pages = 0
  return exec
}

describe("auditRowText / auditRowHash reproduce mlm_audit_row_text and the chain trigger", () => {
  it("hashes rows printed by PostgreSQL to the hashes PostgreSQL stored", () => {
    expect(auditRowText(PG_ROW_4)).toBe('4|2026-11-21T04:15:26.004174Z|data_exported|||distributor|d1|||denied||"text with \\" quote"')
    expect(auditRowHash(PG_ROW_1)).toBe(PG_ROW_1.hash)
    expect(auditRowHash(PG_ROW_4)).toBe(PG_ROW_4.hash)
  })

  it("changes the hash for a one-character change anywhere, and for JavaScript's own JSON spelling", () => {
    expect(auditRowHash({ ...PG_ROW_1, actor_id: "user_2" })).not.toBe(PG_ROW_1.hash)
    expect(auditRowHash({ ...PG_ROW_1, at_text: "2026-11-21T04:15:25.988028Z" })).not.toBe(PG_ROW_1.hash)
    expect(auditRowHash({ ...PG_ROW_1, before_text: JSON.stringify({ a: "x", b: 1 }) })).not.toBe(PG_ROW_1.hash)
  })
})

describe("verifyAuditChain", () => {
  it("verifies a linked chain in pages, skipping numbers of rolled-back inserts", async () => {
    const exec = memoryExec(chain([1, 2, 3, 5, 6, 9]))
    const report = await verifyAuditChain(exec, { pageSize: 2 })
    expect(report).toEqual({ ok: true, rows_checked: 6, first_broken: null, last_seq: 9, last_hash: chain([1, 2, 3, 5, 6, 9])[5].hash, skipped_seqs: 3 })
    expect(exec.pages).toBe(3)
  })

  it("reports an empty trail as verified with no anchor", async () => {
    expect(await verifyAuditChain(memoryExec([]))).toEqual({ ok: true, rows_checked: 0, first_broken: null, last_seq: null, last_hash: null, skipped_seqs: 0 })
  })

  it("finds a changed row, a relinked row, a deleted row and a deleted first row", async () => {
    const rows = chain([1, 2, 3, 4, 5])
    const changed = rows.map((row) => (row.seq === "3" ? { ...row, after_text: '"edited"' } : row))
    expect((await verifyAuditChain(memoryExec(changed))).first_broken).toEqual({
      seq: 3,
      reason: "hash_mismatch",
      detail: `row 3 stores hash ${rows[2].hash}, its content hashes to ${auditRowHash(changed[2])}`,
    })
    // Rehashing the edited row moves the break to the next link.
    const rehashed = changed.map((row) => (row.seq === "3" ? { ...row, hash: auditRowHash(row) } : row))
    const relinked = await verifyAuditChain(memoryExec(rehashed))
    expect([relinked.rows_checked, relinked.first_broken?.seq, relinked.first_broken?.reason]).toEqual([3, 4, "prev_hash_mismatch"])

    const deleted = await verifyAuditChain(memoryExec(rows.filter((row) => row.seq !== "3")))
    expect([deleted.ok, deleted.rows_checked, deleted.first_broken]).toEqual([
      false,
      2,
      { seq: 3, reason: "gap", detail: `seq 3 missing: row 4 links to a row that is not there (prev_hash ${rows[2].hash})` },
    ])
    const firstGone = await verifyAuditChain(memoryExec(rows.slice(1)))
    expect(firstGone.first_broken).toMatchObject({ seq: 1, reason: "gap" })
  })

  it("checks an anchor kept outside the database: present, rewritten or truncated away", async () => {
    const rows = chain([1, 2, 3, 4])
    const anchor = { seq: 3, hash: rows[2].hash }
    expect((await verifyAuditChain(memoryExec(rows), { anchor })).ok).toBe(true)
    expect((await verifyAuditChain(memoryExec(rows), { anchor: { seq: 3, hash: rows[1].hash } })).first_broken).toEqual({
      seq: 3,
      reason: "anchor_mismatch",
      detail: `anchor 3:${rows[1].hash} is not in the chain: row 3 has hash ${rows[2].hash}`,
    })
    expect((await verifyAuditChain(memoryExec(rows.slice(0, 2)), { anchor })).first_broken).toEqual({
      seq: 3,
      reason: "anchor_mismatch",
      detail: `anchor 3:${rows[2].hash} is not in the chain: the chain ends at seq 2`,
    })
  })

  it("parses anchors strictly", () => {
    expect(parseAuditAnchor(`12:${"a".repeat(64)}`)).toEqual({ seq: 12, hash: "a".repeat(64) })
    for (const bad of ["", "12", `0:${"a".repeat(64)}`, `12:${"A".repeat(64)}`, `12:${"a".repeat(63)}`, `-1:${"a".repeat(64)}`, `99999999999999999:${"a".repeat(64)}`]) {
      expect([bad, parseAuditAnchor(bad)]).toEqual([bad, null])
    }
  })
})

describe("toSiemEvent", () => {
  const row: AuditRowDTO = {
    seq: 7,
    at: "2026-11-21T04:15:26.004174Z",
    event: "authz_fail",
    actor_type: "user",
    actor_id: "user_1",
    target_type: "route",
    target_id: "/admin/mlm/ledger",
    ip: "10.0.0.1",
    user_agent: "curl/8",
    outcome: "denied",
    before: null,
    after: { method: "GET", path: "/admin/mlm/ledger", permission: "money.read", role: "viewer" },
    prev_hash: "a".repeat(64),
    hash: "b".repeat(64),
  }

  it("maps a row to the OWASP logging vocabulary fields", () => {
    expect(toSiemEvent(row)).toEqual({
      datetime: "2026-11-21T04:15:26.004174Z",
      appid: "medusa-plugin-mlm",
      event: "authz_fail:user_1,/admin/mlm/ledger",
      event_name: "authz_fail",
      level: "CRITICAL",
      description: "user user_1 was refused an MLM admin route (route /admin/mlm/ledger): denied",
      useragent: "curl/8",
      source_ip: "10.0.0.1",
      request_uri: "/admin/mlm/ledger",
      request_method: "GET",
      actor: { type: "user", id: "user_1" },
      target: { type: "route", id: "/admin/mlm/ledger" },
      outcome: "denied",
      before: null,
      after: row.after,
      seq: 7,
      prev_hash: "a".repeat(64),
      hash: "b".repeat(64),
    })
  })

  it("rates money and privilege events WARN, the rest INFO, and names an unknown actor", () => {
    const moved = toSiemEvent({ ...row, event: "mlm_sponsor_moved", outcome: "success", target_type: "distributor", target_id: "d1", after: {} })
    expect([moved.level, moved.event, moved.description]).toEqual(["INFO", "mlm_sponsor_moved:user_1,d1", "user user_1 moved a distributor to another sponsor (distributor d1)"])
    expect(toSiemEvent({ ...row, event: "mlm_ledger_adjusted", outcome: "success" }).level).toBe("WARN")
    const anonymous = toSiemEvent({ ...row, event: "some_new_event", outcome: "failure", actor_type: null, actor_id: null, target_type: null, target_id: null, after: null })
    expect([anonymous.level, anonymous.event, anonymous.description]).toEqual(["WARN", "some_new_event", "an unknown actor recorded some_new_event: failure"])
  })
})
