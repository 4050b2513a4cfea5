/**
 * Reading the audit trail (docs/security.md, "Audit trail"): the admin list, filtered, and the
 * SIEM export's cursor pages. Both page by seq (keyset: `seq > cursor ORDER BY seq`), never by
 * OFFSET, so a reader that keeps the last seq it saw resumes exactly after it.
 *
 * Seq order is commit order: the chain trigger takes a transaction-long lock before numbering a
 * row, so a row with a lower seq can never commit after one with a higher seq has been read. A
 * collector that tails with `after_seq` therefore never misses a row that commits later.
 */
import type { SqlExec } from "../repositories/sql-exec"

export const AUDIT_EXPORT_PAGE = 1000

/** A row as the API shows it; `at` is the same microsecond UTC text the hash covers. */
export type AuditRowDTO = {
  seq: number
  at: string
  event: string
  actor_type: string | null
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  ip: string | null
  user_agent: string | null
  outcome: "success" | "failure" | "denied"
  before: unknown
  after: unknown
  prev_hash: string
  hash: string
}

export type AuditListFilter = {
  target_type?: string
  target_id?: string
  event?: string
  actor_id?: string
  after_seq: number
  limit: number
}

// seq is read as text (bigint); ORDER BY must name the column, l.seq, not this text alias.
const ROW_COLUMNS = `seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  event, actor_type, actor_id, target_type, target_id, ip, user_agent, outcome, before, after, prev_hash, hash`

type Row = Omit<AuditRowDTO, "seq"> & { seq: string }

const toDTO = (row: Row): AuditRowDTO => ({ ...row, seq: Number(row.seq) })

/** One page of rows after `after_seq` matching every given filter, oldest first. */
export async function listAuditRows(exec: SqlExec, filter: AuditListFilter): Promise<{ rows: AuditRowDTO[]; next_after_seq: number }> {
  const rows = await exec<Row>(
    `SELECT ${ROW_COLUMNS} FROM mlm_audit_log l
      WHERE l.seq > $1
        AND ($2::text IS NULL OR target_type = $2)
        AND ($3::text IS NULL OR target_id = $3)
        AND ($4::text IS NULL OR event = $4)
        AND ($5::text IS NULL OR actor_id = $5)
      ORDER BY l.seq LIMIT $6`,
    [filter.after_seq, filter.target_type ?? null, filter.target_id ?? null, filter.event ?? null, filter.actor_id ?? null, filter.limit],
  )
  const page = rows.map(toDTO)
  return { rows: page, next_after_seq: page.length ? page[page.length - 1].seq : filter.after_seq }
}

/**
 * The rows one export will send, fixed before the first is written: at most `limit` rows after
 * `afterSeq`. `through_seq` is the collector's next cursor (unchanged when there is nothing new).
 */
export async function auditExportRange(exec: SqlExec, afterSeq: number, limit: number): Promise<{ through_seq: number; rows: number }> {
  const [range] = await exec<{ through: string | null; n: string }>(
    `SELECT max(seq)::text AS through, count(*)::text AS n FROM (SELECT seq FROM mlm_audit_log WHERE seq > $1 ORDER BY seq LIMIT $2) page`,
    [afterSeq, limit],
  )
  return { through_seq: range.through === null ? afterSeq : Number(range.through), rows: Number(range.n) }
}

/** The rows of a range, read a page at a time so an export of any size holds one page in memory. */
export async function* auditRowsBetween(exec: SqlExec, afterSeq: number, throughSeq: number, pageSize = AUDIT_EXPORT_PAGE): AsyncGenerator<AuditRowDTO> {
  let cursor = afterSeq
  while (cursor < throughSeq) {
    const page = await exec<Row>(
      `SELECT ${ROW_COLUMNS} FROM mlm_audit_log l WHERE l.seq > $1 AND l.seq <= $2 ORDER BY l.seq LIMIT $3`,
      [cursor, throughSeq, pageSize],
    )
    if (page.length === 0) return
    for (const row of page) yield toDTO(row)
    cursor = Number(page[page.length - 1].seq)
  }
}
