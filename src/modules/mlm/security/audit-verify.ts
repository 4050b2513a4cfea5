/**
 * Verifies the audit trail's hash chain (docs/security.md, "Audit trail") without trusting the
 * database's own functions: each row's hash is recomputed here from its columns, exactly as the
 * trigger computes it (Migration20261121140000):
 *
 *   hash = sha256(prev_hash || '|' || mlm_audit_row_text(row))
 *   mlm_audit_row_text = concat_ws('|', seq, at as UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ`, event,
 *     actor_type, actor_id, target_type, target_id, ip, user_agent, outcome, before, after)
 *
 * with '' for each NULL. Two values are taken as PostgreSQL prints them rather than re-printed in
 * JavaScript: `at` (a JS Date has milliseconds, the column microseconds) and the jsonb columns
 * (jsonb's text form orders keys its own way). A replaced mlm_audit_row_text therefore cannot
 * make a tampered row verify.
 *
 * The walk is keyset-paged in seq order up to the last row that existed when it started, keeping
 * only the previous row: memory stays constant however long the trail. Broken links, first found:
 * - `hash_mismatch`: the row's content (or its stored hash) was changed;
 * - `prev_hash_mismatch`: the row does not link to the row before it;
 * - `gap`: seq numbers are missing AND the next row links to a row that is not there (a deleted
 *   row). Numbers skipped by a rolled-back insert leave the chain linked: counted, not broken.
 * - `anchor_mismatch`: a (seq, hash) the caller kept outside the database (e.g. from the SIEM
 *   export) is no longer in the chain: the trail was truncated or rewritten from that row on.
 */
import { createHash } from "node:crypto"
import type { SqlExec } from "../repositories/sql-exec"

export const AUDIT_GENESIS_HASH = "0".repeat(64)
export const AUDIT_VERIFY_PAGE = 1000

/** One row as the chain sees it: every value as the text PostgreSQL hashed. */
export type AuditChainRow = {
  seq: string
  at_text: string
  event: string
  actor_type: string | null
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  ip: string | null
  user_agent: string | null
  outcome: string
  before_text: string | null
  after_text: string | null
  prev_hash: string
  hash: string
}

export type AuditBreakReason = "hash_mismatch" | "prev_hash_mismatch" | "gap" | "anchor_mismatch"

export type AuditVerifyReport = {
  ok: boolean
  rows_checked: number
  first_broken: { seq: number; reason: AuditBreakReason; detail: string } | null
  /** The last row walked: an anchor to keep outside the database for the next verification. */
  last_seq: number | null
  last_hash: string | null
  /** Seq numbers consumed by inserts that rolled back (the chain stays linked across them). */
  skipped_seqs: number
}

export type AuditAnchor = { seq: number; hash: string }

export type AuditVerifyOptions = {
  pageSize?: number
  anchor?: AuditAnchor | null
  onPage?: (progress: { rows_checked: number; last_seq: number }) => void
}

/**
 * The select list that reads a row as the trigger hashed it. Its `seq` is text: a query ordering
 * by it must name the table's column (`ORDER BY l.seq`), or PostgreSQL sorts the text ("10" < "2").
 */
export const AUDIT_CHAIN_COLUMNS = `seq::text AS seq,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
  event, actor_type, actor_id, target_type, target_id, ip, user_agent, outcome,
  before::text AS before_text, after::text AS after_text, prev_hash, hash`

/** mlm_audit_row_text, in TypeScript. */
export function auditRowText(row: AuditChainRow): string {
  return [
    row.seq,
    row.at_text,
    row.event,
    row.actor_type ?? "",
    row.actor_id ?? "",
    row.target_type ?? "",
    row.target_id ?? "",
    row.ip ?? "",
    row.user_agent ?? "",
    row.outcome,
    row.before_text ?? "",
    row.after_text ?? "",
  ].join("|")
}

export function auditRowHash(row: AuditChainRow): string {
  return createHash("sha256").update(`${row.prev_hash}|${auditRowText(row)}`, "utf8").digest("hex")
}

/** Reads rows after `afterSeq` up to `throughSeq`, in seq order, one page at a time. */
export async function* auditChainRows(exec: SqlExec, afterSeq: number, throughSeq: number, pageSize = AUDIT_VERIFY_PAGE): AsyncGenerator<AuditChainRow> {
  let cursor = afterSeq
  while (cursor < throughSeq) {
    const page = await exec<AuditChainRow>(
      `SELECT ${AUDIT_CHAIN_COLUMNS} FROM mlm_audit_log l WHERE l.seq > $1 AND l.seq <= $2 ORDER BY l.seq LIMIT $3`,
      [cursor, throughSeq, pageSize],
    )
    if (page.length === 0) return
    for (const row of page) yield row
    cursor = Number(page[page.length - 1].seq)
  }
}

export async function lastAuditSeq(exec: SqlExec): Promise<number> {
  const [row] = await exec<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM mlm_audit_log`)
  return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq)
}

/** Walks the whole chain as it stood when the walk started; stops at the first broken link. */
export async function verifyAuditChain(exec: SqlExec, options: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
  const pageSize = options.pageSize ?? AUDIT_VERIFY_PAGE
  const throughSeq = await lastAuditSeq(exec)
  const anchor = options.anchor ?? null
  let previous: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS_HASH }
  let rowsChecked = 0
  let skipped = 0
  let anchorSeen = false
  const report = (firstBroken: AuditVerifyReport["first_broken"]): AuditVerifyReport => ({
    ok: firstBroken === null,
    rows_checked: rowsChecked,
    first_broken: firstBroken,
    last_seq: previous.seq === 0 ? null : previous.seq,
    last_hash: previous.seq === 0 ? null : previous.hash,
    skipped_seqs: skipped,
  })

  for await (const row of auditChainRows(exec, 0, throughSeq, pageSize)) {
    const seq = Number(row.seq)
    const broken = checkRow(row, seq, previous)
    if (broken) return report(broken)
    if (seq > previous.seq + 1) skipped += seq - previous.seq - 1
    if (anchor && seq === anchor.seq) {
      if (row.hash !== anchor.hash) return report(anchorBroken(anchor, `row ${seq} has hash ${row.hash}`))
      anchorSeen = true
    }
    rowsChecked++
    previous = { seq, hash: row.hash }
    if (rowsChecked % pageSize === 0) options.onPage?.({ rows_checked: rowsChecked, last_seq: seq })
  }
  if (anchor && !anchorSeen) {
    return report(anchorBroken(anchor, anchor.seq > previous.seq ? `the chain ends at seq ${previous.seq}` : `no row has seq ${anchor.seq}`))
  }
  return report(null)
}

function checkRow(row: AuditChainRow, seq: number, previous: { seq: number; hash: string }): AuditVerifyReport["first_broken"] {
  if (row.prev_hash !== previous.hash) {
    if (seq > previous.seq + 1) {
      const missing = previous.seq + 1
      return {
        seq: missing,
        reason: "gap",
        detail: `seq ${missing}${seq - 1 > missing ? `..${seq - 1}` : ""} missing: row ${seq} links to a row that is not there (prev_hash ${row.prev_hash})`,
      }
    }
    return {
      seq,
      reason: "prev_hash_mismatch",
      detail: `row ${seq} links to ${row.prev_hash}, but ${previous.seq === 0 ? "the chain starts from" : `row ${previous.seq} has hash`} ${previous.hash}`,
    }
  }
  const recomputed = auditRowHash(row)
  if (recomputed !== row.hash) {
    return { seq, reason: "hash_mismatch", detail: `row ${seq} stores hash ${row.hash}, its content hashes to ${recomputed}` }
  }
  return null
}

function anchorBroken(anchor: AuditAnchor, why: string): AuditVerifyReport["first_broken"] {
  return { seq: anchor.seq, reason: "anchor_mismatch", detail: `anchor ${anchor.seq}:${anchor.hash} is not in the chain: ${why}` }
}

const ANCHOR = /^([1-9][0-9]{0,15}):([0-9a-f]{64})$/

/** `<seq>:<sha256 hex>`, as printed by the verifier and the SIEM export; null when malformed. */
export function parseAuditAnchor(text: string): AuditAnchor | null {
  const match = ANCHOR.exec(text.trim())
  if (!match || !Number.isSafeInteger(Number(match[1]))) return null
  return { seq: Number(match[1]), hash: match[2] }
}
