/**
 * Write phase of a period run (docs/periods.md): in ONE transaction, replace the run's
 * mlm_period_result rows (the lines) and mlm_period_member rows (carry out, rank reached), then
 * mark the run computed with its summary. Rows go in by `unnest` of array parameters, CHUNK_ROWS
 * per statement, so a million rows are a few dozen statements. A re-run therefore never shows
 * half of its results, and a failed write leaves the previous results as they were.
 *
 * Rows are sent in primary-key order (node_id, then bonus and level): each chunk then extends the
 * right edge of the key index instead of touching pages all over it (854,685 rows into a table
 * keyed like mlm_period_result: 6.0 s in key order, 10.8 s shuffled, same machine and load).
 *
 * Member rows are written only where there is something to keep: a carry other than 0/0, or a
 * rank (when the plan evaluates ranks). Absent means 0/0 and no rank.
 *
 * Two workers on the same run (a stale job and its retry) serialise on a transaction-scoped
 * advisory lock; closing takes the same lock (close.ts). The run row itself is only locked by the
 * final UPDATE, so progress updates from outside the transaction never wait on it.
 */
import { performance } from "node:perf_hooks"
import { PERIOD_BONUSES, type PeriodBatchResult, type PeriodLines } from "../../../engine/batch"
import type { SqlDb } from "../commissions/sql-db"
import type { SqlExec } from "../repositories/sql-exec"
import { PeriodRunClosedError, PeriodRunNotFoundError } from "./errors"
import { arrayLiteral } from "./packed-columns"

/** "mlmp": the class key of the per-run advisory lock (the run id's hash is the object key). */
export const PERIOD_RUN_LOCK_CLASS = 1835822448
const CHUNK_ROWS = 100_000

export async function lockRun(exec: SqlExec, runId: string): Promise<void> {
  await exec(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [PERIOD_RUN_LOCK_CLASS, runId])
}

export interface WriteInput {
  runId: string
  /** The `runs` counter this worker claimed the run with. */
  claimedRuns: number
  nodeIds: Int32Array
  result: PeriodBatchResult
  /** plan.ranks names when the plan evaluates ranks, else null (no rank is written). */
  rankNames: string[] | null
}

export type WriteOutcome =
  | ({ kind: "computed" } & WriteCounts)
  /** A newer run was requested while this one computed: its results are kept, status left to it. */
  | ({ kind: "superseded" } & WriteCounts)

/** Rows written and where the write's time went (the summary shows them). */
export interface WriteCounts {
  resultRows: number
  memberRows: number
  deleteMs: number
  insertMs: number
}

export async function writePeriodResults(
  db: SqlDb,
  input: WriteInput,
  onStep: (done: number) => Promise<void>,
  summaryAt: (counts: WriteCounts) => Record<string, unknown>
): Promise<WriteOutcome> {
  const membersByNode = membersInNodeOrder(input.nodeIds)
  const members = membersWithRows(input, membersByNode)
  const lines = input.result.lines
  const lineRows = linesInKeyOrder(lines, input.nodeIds, membersByNode)
  const total = lines.count + members.length
  return db.transaction(async (exec) => {
    await lockRun(exec, input.runId)
    // The result tables carry no per-row foreign key (it cost 4.5 µs a row): the run row is
    // key-share locked once for the whole write, so it exists until the write commits.
    const [exists] = await exec(`SELECT 1 FROM mlm_period_run WHERE id = $1 FOR KEY SHARE`, [input.runId])
    if (!exists) throw new PeriodRunNotFoundError(input.runId)
    const deleting = performance.now()
    await exec(`DELETE FROM mlm_period_result WHERE run_id = $1`, [input.runId])
    await exec(`DELETE FROM mlm_period_member WHERE run_id = $1`, [input.runId])
    const inserting = performance.now()
    // Each chunk's parameters are built while PostgreSQL inserts the previous chunk.
    let written = 0
    let inFlight: { insert: Promise<unknown>; rows: number } | null = null
    for (const chunk of insertChunks(input, lineRows, members)) {
      const params = chunk.params()
      if (inFlight) {
        await inFlight.insert
        written += inFlight.rows
      }
      const insert = exec(chunk.sql, params)
      // Awaited on the next turn; until then a failure must not count as unhandled.
      insert.catch(() => undefined)
      inFlight = { insert, rows: chunk.rows }
      await onStep(written / Math.max(1, total))
    }
    if (inFlight) await inFlight.insert
    const counts: WriteCounts = {
      resultRows: lines.count,
      memberRows: members.length,
      deleteMs: Math.round(inserting - deleting),
      insertMs: Math.round(performance.now() - inserting),
    }
    const updated = await exec(
      `UPDATE mlm_period_run SET status = 'computed', phase = 'done', progress = 100, summary = $3::jsonb, finished_at = now()
        WHERE id = $1 AND status = 'running' AND runs = $2
       RETURNING id`,
      [input.runId, input.claimedRuns, JSON.stringify(summaryAt(counts))]
    )
    if (updated.length === 1) return { kind: "computed", ...counts }
    const [run] = await exec<{ status: string }>(`SELECT status FROM mlm_period_run WHERE id = $1`, [input.runId])
    if (!run || run.status === "closed") throw new PeriodRunClosedError(input.runId, "re-run")
    return { kind: "superseded", ...counts }
  })
}

/** The INSERT statements of a write, CHUNK_ROWS rows each; parameters built on demand. */
function* insertChunks(input: WriteInput, lineRows: Int32Array, members: Int32Array) {
  const { lines, carry, rankIdx } = input.result
  for (let from = 0; from < lineRows.length; from += CHUNK_ROWS) {
    const rows = lineRows.subarray(from, Math.min(lineRows.length, from + CHUNK_ROWS))
    yield {
      rows: rows.length,
      sql: `INSERT INTO mlm_period_result (run_id, beneficiary_node, bonus, level, amount_minor, base_minor, rate_bp)
            SELECT $1, * FROM unnest($2::int[], $3::text[], $4::smallint[], $5::bigint[], $6::bigint[], $7::int[])`,
      params: () => [
        input.runId,
        arrayLiteral(rows.map((row) => input.nodeIds[lines.toIdx[row]])),
        arrayLiteral(Array.from(rows, (row) => PERIOD_BONUSES[lines.bonus[row]])),
        arrayLiteral(rows.map((row) => lines.level[row])),
        arrayLiteral(Float64Array.from(rows, (row) => lines.cents[row])),
        arrayLiteral(Float64Array.from(rows, (row) => lines.baseMinor[row])),
        arrayLiteral(rows.map((row) => lines.rateBp[row])),
      ],
    }
  }
  for (let from = 0; from < members.length; from += CHUNK_ROWS) {
    const chunk = members.subarray(from, Math.min(members.length, from + CHUNK_ROWS))
    const carryOf = (side: Float64Array | undefined) => arrayLiteral(Float64Array.from(chunk, (member) => (side ? side[member] : 0)))
    yield {
      rows: chunk.length,
      // Rank names are free text: they travel once as a text[] and are picked by index in SQL.
      sql: `INSERT INTO mlm_period_member (run_id, node_id, carry_left_minor, carry_right_minor, rank)
            SELECT $1, node, carry_left, carry_right, ($6::text[])[rank_idx + 1]
              FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::int[]) AS m(node, carry_left, carry_right, rank_idx)`,
      params: () => [
        input.runId,
        arrayLiteral(chunk.map((member) => input.nodeIds[member])),
        carryOf(carry?.left),
        carryOf(carry?.right),
        arrayLiteral(chunk.map((member) => (input.rankNames ? rankIdx[member] : -1))),
        input.rankNames ?? [],
      ],
    }
  }
}

/** Batch indexes sorted by node_id: a counting pass over the node_id range. */
function membersInNodeOrder(nodeIds: Int32Array): Int32Array {
  let maxNode = 0
  for (const node of nodeIds) if (node > maxNode) maxNode = node
  const memberOfNode = new Int32Array(maxNode + 1).fill(-1)
  nodeIds.forEach((node, member) => {
    memberOfNode[node] = member
  })
  const ordered = new Int32Array(nodeIds.length)
  let count = 0
  for (const member of memberOfNode) if (member !== -1) ordered[count++] = member
  return ordered
}

/** Members (in node_id order) that have a carry or, when ranks are evaluated, a rank. */
function membersWithRows(input: WriteInput, membersByNode: Int32Array): Int32Array {
  const { carry, rankIdx } = input.result
  const rows = new Int32Array(membersByNode.length)
  let count = 0
  for (const member of membersByNode) {
    const carried = carry !== null && (carry.left[member] !== 0 || carry.right[member] !== 0)
    if (carried || (input.rankNames !== null && rankIdx[member] >= 0)) rows[count++] = member
  }
  return rows.subarray(0, count)
}

// Bonus codes ranked by their names' text order, the order of the key's `bonus` column.
const BONUS_KEY_RANK = Uint8Array.from(PERIOD_BONUSES, (name) => [...PERIOD_BONUSES].sort().indexOf(name))

/** Line rows in key order: by member's node_id (counting sort), then bonus name, then level. */
function linesInKeyOrder(lines: PeriodLines, nodeIds: Int32Array, membersByNode: Int32Array): Int32Array {
  const size = nodeIds.length
  const linesOf = new Int32Array(size)
  for (let row = 0; row < lines.count; row++) linesOf[lines.toIdx[row]]++
  // Prefix sums in node order: the first slot of each member's lines.
  const slotOf = new Int32Array(size)
  let next = 0
  for (const member of membersByNode) {
    slotOf[member] = next
    next += linesOf[member]
  }
  const ordered = new Int32Array(lines.count)
  const fill = slotOf.slice()
  for (let row = 0; row < lines.count; row++) ordered[fill[lines.toIdx[row]]++] = row
  const key = (row: number) => BONUS_KEY_RANK[lines.bonus[row]] * 256 + lines.level[row]
  // A member has a handful of lines: insertion sort inside each member's slots.
  for (const member of membersByNode) {
    const from = slotOf[member]
    const to = fill[member]
    for (let i = from + 1; i < to; i++) {
      const row = ordered[i]
      let j = i - 1
      while (j >= from && key(ordered[j]) > key(row)) {
        ordered[j + 1] = ordered[j]
        j--
      }
      ordered[j + 1] = row
    }
  }
  return ordered
}
