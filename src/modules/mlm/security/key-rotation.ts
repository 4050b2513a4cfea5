/**
 * Keyring rotation (docs/security.md, "Rotating keys"). Personal data is encrypted under
 * per-subject data keys, and only those 32-byte keys are encrypted by the keyring: rotating the
 * keyring re-wraps every subject key that is still wrapped by a key other than the active one.
 * The fields themselves never move, so a rotation is one small UPDATE per subject whatever the
 * amount of data.
 *
 * Batches walk the primary key in order, each in its own transaction holding its rows
 * `FOR UPDATE` (an erasure or a first write of the same subject waits for it, never interleaves).
 * The work is its own progress marker: a re-wrapped row has the active kek_id and is never picked
 * again, so an interrupted run is resumed by running again.
 */
import type { SqlDb } from "../commissions/sql-db"
import type { SqlExec } from "../repositories/sql-exec"
import { recordAudit } from "./audit"
import { type Keyring, KeyringError } from "./keyring"
import { type SubjectKeyRow, unwrapSubjectKey, wrapSubjectKey } from "./subject-keys"

export const DEFAULT_ROTATION_BATCH = 500
const FAILURES_KEPT = 20

export type RotationProgress = { batch: number; rewrapped: number; failed: number; last_subject_id: string }

export type RotationSummary = {
  active_key_id: string
  batches: number
  rewrapped: number
  /** Keys re-wrapped, by the key id that wrapped them before. */
  from_key_ids: Record<string, number>
  failed: number
  /** The first few subjects whose key did not unwrap (unknown key id, tampered row). */
  failures: { subject_id: string; reason: string }[]
  /** Subject keys still wrapped by another key after this run. */
  remaining: number
  /** False when the run stopped at `maxBatches` before reaching the end. */
  complete: boolean
}

export type RotationOptions = {
  batchSize?: number
  /** Stops after this many batches (tests, or rotating in slices during quiet hours). */
  maxBatches?: number
  onProgress?: (progress: RotationProgress) => void
  /** Who ran it, for the audit row. */
  actorId?: string
}

type BatchOutcome = { rows: number; lastId: string; rewrapped: number; fromKeys: Record<string, number>; failures: { subject_id: string; reason: string }[] }

async function rotateBatch(exec: SqlExec, keyring: Keyring, afterId: string, limit: number): Promise<BatchOutcome> {
  const rows = await exec<SubjectKeyRow>(
    `SELECT subject_id, kek_id, wrapped_key FROM mlm_subject_key
      WHERE kek_id <> $1 AND subject_id > $2 ORDER BY subject_id LIMIT $3 FOR UPDATE`,
    [keyring.activeKeyId, afterId, limit],
  )
  const ids: string[] = []
  const wrapped: string[] = []
  const fromKeys: Record<string, number> = {}
  const failures: { subject_id: string; reason: string }[] = []
  for (const row of rows) {
    try {
      const cipher = unwrapSubjectKey(keyring, row)
      ids.push(row.subject_id)
      wrapped.push(wrapSubjectKey(keyring, row.subject_id, cipher))
      fromKeys[row.kek_id] = (fromKeys[row.kek_id] ?? 0) + 1
    } catch (error) {
      if (!(error instanceof KeyringError)) throw error
      failures.push({ subject_id: row.subject_id, reason: error.message })
    }
  }
  if (ids.length) {
    await exec(
      `UPDATE mlm_subject_key k SET kek_id = $1, wrapped_key = w.wrapped_key, rotated_at = now()
         FROM unnest($2::text[], $3::text[]) AS w (subject_id, wrapped_key) WHERE k.subject_id = w.subject_id`,
      [keyring.activeKeyId, ids, wrapped],
    )
  }
  return { rows: rows.length, lastId: rows.length ? rows[rows.length - 1].subject_id : afterId, rewrapped: ids.length, fromKeys, failures }
}

/** Re-wraps every subject key not under the active key; audited once (`sys_crypto_key_rotated`). */
export async function rotateSubjectKeys(db: SqlDb, keyring: Keyring, options: RotationOptions = {}): Promise<RotationSummary> {
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RangeError("batchSize must be an integer from 1 to 10000")
  const summary: RotationSummary = {
    active_key_id: keyring.activeKeyId,
    batches: 0,
    rewrapped: 0,
    from_key_ids: {},
    failed: 0,
    failures: [],
    remaining: 0,
    complete: true,
  }
  let afterId = ""
  for (;;) {
    if (options.maxBatches !== undefined && summary.batches >= options.maxBatches) {
      summary.complete = false
      break
    }
    const batch = await db.transaction((exec) => rotateBatch(exec, keyring, afterId, batchSize))
    if (batch.rows === 0) break
    summary.batches += 1
    summary.rewrapped += batch.rewrapped
    summary.failed += batch.failures.length
    summary.failures.push(...batch.failures.slice(0, FAILURES_KEPT - summary.failures.length))
    for (const [keyId, count] of Object.entries(batch.fromKeys)) summary.from_key_ids[keyId] = (summary.from_key_ids[keyId] ?? 0) + count
    afterId = batch.lastId
    options.onProgress?.({ batch: summary.batches, rewrapped: summary.rewrapped, failed: summary.failed, last_subject_id: afterId })
    if (batch.rows < batchSize) break
  }
  const [left] = await db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_subject_key WHERE kek_id <> $1`, [keyring.activeKeyId])
  summary.remaining = Number(left?.n ?? 0)
  await db.transaction((exec) =>
    recordAudit(exec, {
      event: "sys_crypto_key_rotated",
      actor_type: "system",
      actor_id: options.actorId ?? "keys:rotate",
      target_type: "keyring",
      target_id: keyring.activeKeyId,
      outcome: summary.failed ? "failure" : "success",
      after: {
        active_key_id: summary.active_key_id,
        rewrapped: summary.rewrapped,
        from_key_ids: summary.from_key_ids,
        failed: summary.failed,
        failed_subjects: summary.failures.map((failure) => failure.subject_id),
        remaining: summary.remaining,
        batches: summary.batches,
        complete: summary.complete,
      },
    }),
  )
  return summary
}
