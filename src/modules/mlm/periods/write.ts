/**
 * Write phase of a period run (docs/periods.md, Write). The run's mlm_period_result rows (the
 * lines) and mlm_period_member rows (carry out, rank reached) are written under a fresh attempt
 * number, then made current in one short transaction that also marks the run computed with its
 * summary; readers see results through the `_current` views, so never half of a write, and a
 * failed write leaves the previous results current. The two tables are written side by side, each
 * in its own transaction on its own connection: PostgreSQL's insert work is most of the write,
 * and that way it runs on two cores. Rows go in by `unnest` of array parameters, CHUNK_ROWS per
 * statement, the next chunk's parameters built while PostgreSQL inserts the previous one.
 *
 * Rows are sent in primary-key order (node_id, then bonus and level): each chunk then extends the
 * right edge of the key index instead of touching pages all over it (854,685 rows into a table
 * keyed like mlm_period_result: 6.0 s in key order, 10.8 s shuffled, same machine and load).
 *
 * Member rows are written only where there is something to keep: a carry other than 0/0, or a
 * rank (when the plan evaluates ranks). Absent means 0/0 and no rank.
 *
 * Two workers on the same run (a stale job and its retry) each write their own attempt; the
 * switch, under the run's advisory lock (closing takes it too, close.ts), only ever moves forward
 * to a newer attempt. After the switch, the rows of older attempts are deleted (a re-run's
 * previous results, or what a crashed writer left).
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
  | ({ kind: "computed"; cleanupMs?: number } & WriteCounts)
  /** A newer run was requested while this one computed: its results are kept, status left to it. */
  | ({ kind: "superseded"; cleanupMs?: number } & WriteCounts)

/** Rows written and how long the inserts took (the summary shows them). */
export interface WriteCounts {
  resultRows: number
  memberRows: number
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
  const lineRows = linesInKeyOrder(input.result.lines, input.nodeIds, membersByNode)
  const total = lineRows.length + members.length
  const attempt = await newAttempt(db.exec, input.runId)

  const inserting = performance.now()
  let written = 0
  const progress = (rows: number) => {
    written += rows
    return onStep(written / Math.max(1, total))
  }
  // Both settle before anything else happens: a failed one must not leave the other running.
  const streams = await Promise.allSettled([
    db.transaction((exec) => insertInChunks(exec, resultChunks(input, attempt, lineRows), progress)),
    db.transaction((exec) => insertInChunks(exec, memberChunks(input, attempt, members), progress)),
  ])
  for (const stream of streams) if (stream.status === "rejected") throw stream.reason
  const insertMs = Math.round(performance.now() - inserting)
  const counts = { resultRows: lineRows.length, memberRows: members.length, insertMs }

  const outcome = await db.transaction(async (exec): Promise<WriteOutcome | "closed"> => {
    await lockRun(exec, input.runId)
    const updated = await exec(
      `UPDATE mlm_period_run SET status = 'computed', phase = 'done', progress = 100, summary = $3::jsonb, finished_at = now(), result_attempt = $4
        WHERE id = $1 AND status = 'running' AND runs = $2
       RETURNING id`,
      [input.runId, input.claimedRuns, JSON.stringify(summaryAt(counts)), attempt]
    )
    if (updated.length === 1) return { kind: "computed", ...counts }
    // A newer run was requested meanwhile: these results are kept (current unless a newer
    // attempt is already), and the run's status is left to the newer run. A closed run's
    // results are frozen: nothing changes them.
    const [run] = await exec<{ status: string }>(`SELECT status FROM mlm_period_run WHERE id = $1`, [input.runId])
    if (!run || run.status === "closed") return "closed"
    await exec(`UPDATE mlm_period_run SET result_attempt = $2 WHERE id = $1 AND coalesce(result_attempt, -1) < $2`, [input.runId, attempt])
    return { kind: "superseded", ...counts }
  })
  const cleaning = performance.now()
  // A closed run keeps its frozen attempt; the rows this write made are dropped.
  if (outcome === "closed") {
    await deleteAttempts(db.exec, input.runId, "=", attempt)
    throw new PeriodRunClosedError(input.runId, "re-run")
  }
  await deleteOlderAttempts(db.exec, input.runId)
  return { ...outcome, cleanupMs: Math.round(performance.now() - cleaning) }
}

/** The next attempt number of the run (its rows are invisible until it is made current). */
async function newAttempt(exec: SqlExec, runId: string): Promise<number> {
  const [run] = await exec<{ write_attempts: number }>(
    `UPDATE mlm_period_run SET write_attempts = write_attempts + 1 WHERE id = $1 RETURNING write_attempts`,
    [runId]
  )
  if (!run) throw new PeriodRunNotFoundError(runId)
  return run.write_attempts
}

/**
 * Rows of attempts older than the current one: never read again. A closed run keeps only its
 * current attempt too. Newer attempts (a writer still at work) are left alone.
 */
async function deleteOlderAttempts(exec: SqlExec, runId: string): Promise<void> {
  const [run] = await exec<{ result_attempt: number | null }>(`SELECT result_attempt FROM mlm_period_run WHERE id = $1`, [runId])
  if (run && run.result_attempt !== null) await deleteAttempts(exec, runId, "<", run.result_attempt)
}

/**
 * Deletes a run's rows of the attempts `op` `attempt` from both result tables: a range of their
 * primary key (run_id, attempt, ...), so nothing is read when nothing matches.
 */
async function deleteAttempts(exec: SqlExec, runId: string, op: "<" | "=", attempt: number): Promise<void> {
  for (const table of ["mlm_period_result", "mlm_period_member"]) {
    await exec(`DELETE FROM ${table} WHERE run_id = $1 AND attempt ${op} $2`, [runId, attempt])
  }
}

type Chunk = { rows: number; sql: string; params: () => unknown[] }

/** Inserts the chunks in sequence, building each chunk's parameters while the previous one inserts. */
async function insertInChunks(exec: SqlExec, chunks: Iterable<Chunk>, progress: (rows: number) => Promise<void>): Promise<void> {
  let inFlight: { insert: Promise<unknown>; rows: number } | null = null
  for (const chunk of chunks) {
    const params = chunk.params()
    if (inFlight) {
      await inFlight.insert
      await progress(inFlight.rows)
    }
    const insert = exec(chunk.sql, params)
    // Awaited on the next turn; until then a failure must not count as unhandled.
    insert.catch(() => undefined)
    inFlight = { insert, rows: chunk.rows }
  }
  if (inFlight) {
    await inFlight.insert
    await progress(inFlight.rows)
  }
}

/** mlm_period_result INSERT statements, CHUNK_ROWS rows each; parameters built on demand. */
function* resultChunks(input: WriteInput, attempt: number, lineRows: Int32Array): Generator<Chunk> {
  const { lines } = input.result
  for (let from = 0; from < lineRows.length; from += CHUNK_ROWS) {
    const rows = lineRows.subarray(from, Math.min(lineRows.length, from + CHUNK_ROWS))
    yield {
      rows: rows.length,
      sql: `INSERT INTO mlm_period_result (run_id, attempt, beneficiary_node, bonus, level, amount_minor, base_minor, rate_bp)
            SELECT $1, $8, * FROM unnest($2::int[], $3::text[], $4::smallint[], $5::bigint[], $6::bigint[], $7::int[])`,
      params: () => [
        input.runId,
        arrayLiteral(rows.map((row) => input.nodeIds[lines.toIdx[row]])),
        arrayLiteral(Array.from(rows, (row) => PERIOD_BONUSES[lines.bonus[row]])),
        arrayLiteral(rows.map((row) => lines.level[row])),
        arrayLiteral(Float64Array.from(rows, (row) => lines.cents[row])),
        arrayLiteral(Float64Array.from(rows, (row) => lines.baseMinor[row])),
        arrayLiteral(rows.map((row) => lines.rateBp[row])),
        attempt,
      ],
    }
  }
}

/** mlm_period_member INSERT statements, CHUNK_ROWS rows each; parameters built on demand. */
function* memberChunks(input: WriteInput, attempt: number, members: Int32Array): Generator<Chunk> {
  const { carry, rankIdx } = input.result
  for (let from = 0; from < members.length; from += CHUNK_ROWS) {
    const chunk = members.subarray(from, Math.min(members.length, from + CHUNK_ROWS))
    const carryOf = (side: Float64Array | undefined) => arrayLiteral(Float64Array.from(chunk, (member) => (side ? side[member] : 0)))
    yield {
      rows: chunk.length,
      // Rank names are free text: they travel once as a text[] and are picked by index in SQL.
      sql: `INSERT INTO mlm_period_member (run_id, attempt, node_id, carry_left_minor, carry_right_minor, rank)
            SELECT $1, $7, node, carry_left, carry_right, ($6::text[])[rank_idx + 1]
              FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::int[]) AS m(node, carry_left, carry_right, rank_idx)`,
      params: () => [
        input.runId,
        arrayLiteral(chunk.map((member) => input.nodeIds[member])),
        carryOf(carry?.left),
        carryOf(carry?.right),
        arrayLiteral(chunk.map((member) => (input.rankNames ? rankIdx[member] : -1))),
        input.rankNames ?? [],
        attempt,
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
