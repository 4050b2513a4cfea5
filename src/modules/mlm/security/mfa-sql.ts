/**
 * The plugin's MFA state (tables in Migration20261121140000): one TOTP factor per account and the
 * challenges completed per login session. Every decision that two requests could race on is ONE
 * conditional UPDATE whose row count is the answer: a time step is claimed once (replay guard),
 * a recovery code is removed once, a failure is counted once and the lock engages at exactly the
 * configured count, whatever the concurrency (PostgreSQL re-checks the WHERE clause on the row
 * version it waited for).
 */
import type { SqlExec } from "../repositories/sql-exec"

export type MfaActorType = "user" | "customer"
export interface MfaActor {
  actor_type: MfaActorType
  actor_id: string
}

export interface MfaFactorRow {
  secret_enc: string
  confirmed: boolean
  last_step: number | null
  failed_attempts: number
  recovery_codes_left: number
  recovery_code_hashes: string[]
  /** Seconds until the lock lifts; null when not locked; -1 when locked until an admin reset. */
  locked_for_seconds: number | null
}

// `locked_until = 'infinity'` is the lock only an administrator lifts (NIST 800-63B: at most 100
// consecutive failures). Seconds are computed by the database so app and DB clocks never mix.
const LOCK_SECONDS = `CASE WHEN locked_until IS NULL OR locked_until <= now() THEN NULL
  WHEN locked_until = 'infinity'::timestamptz THEN -1
  ELSE ceil(extract(epoch FROM locked_until - now()))::int END`

const FACTOR_COLUMNS = `secret_enc, confirmed_at IS NOT NULL AS confirmed, last_step::text AS last_step, failed_attempts,
  cardinality(recovery_code_hashes)::int AS recovery_codes_left, recovery_code_hashes, ${LOCK_SECONDS} AS locked_for_seconds`

type RawFactor = Omit<MfaFactorRow, "last_step"> & { last_step: string | null }

const toFactor = (row: RawFactor): MfaFactorRow => ({ ...row, last_step: row.last_step === null ? null : Number(row.last_step) })

const NOT_LOCKED = `(locked_until IS NULL OR locked_until <= now())`

export async function selectFactor(exec: SqlExec, actor: MfaActor): Promise<MfaFactorRow | null> {
  const rows = await exec<RawFactor>(
    `SELECT ${FACTOR_COLUMNS} FROM mlm_mfa_factor WHERE actor_type = $1 AND actor_id = $2`,
    [actor.actor_type, actor.actor_id],
  )
  return rows[0] ? toFactor(rows[0]) : null
}

/**
 * A new, unconfirmed secret for the account (first enrollment or a replacement). The replay
 * guard restarts with the new secret; failure count and lock are kept, so re-enrolling is not a
 * way around a lock.
 */
export async function upsertPendingFactor(exec: SqlExec, actor: MfaActor, secretEnc: string): Promise<void> {
  await exec(
    `INSERT INTO mlm_mfa_factor (actor_type, actor_id, secret_enc) VALUES ($1, $2, $3)
     ON CONFLICT (actor_type, actor_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, confirmed_at = NULL,
       last_step = NULL, recovery_code_hashes = '{}', updated_at = now()`,
    [actor.actor_type, actor.actor_id, secretEnc],
  )
}

/**
 * The replay guard: accepts `step` only if no equal or later step was accepted for this account,
 * the account is not locked, and the secret is still the one the code was checked against.
 * Confirming an enrollment (`confirm`) also stores the recovery code hashes; verifying requires a
 * confirmed factor. True when this call claimed the step.
 */
export async function claimStep(
  exec: SqlExec,
  actor: MfaActor,
  claim: { step: number; secretEnc: string; confirm?: { recoveryCodeHashes: string[] } },
): Promise<boolean> {
  const confirming = claim.confirm !== undefined
  const rows = await exec(
    `UPDATE mlm_mfa_factor SET last_step = $3, failed_attempts = 0, locked_until = NULL, updated_at = now()
       ${confirming ? ", confirmed_at = now(), recovery_code_hashes = $5::text[]" : ""}
     WHERE actor_type = $1 AND actor_id = $2 AND secret_enc = $4
       AND (last_step IS NULL OR last_step < $3) AND ${NOT_LOCKED}
       AND confirmed_at IS ${confirming ? "" : "NOT "}NULL
     RETURNING 1 AS claimed`,
    confirming
      ? [actor.actor_type, actor.actor_id, claim.step, claim.secretEnc, claim.confirm!.recoveryCodeHashes]
      : [actor.actor_type, actor.actor_id, claim.step, claim.secretEnc],
  )
  return rows.length === 1
}

/** Removes one stored recovery code hash: the codes left for the one request that removed it, else null. */
export async function consumeRecoveryCode(exec: SqlExec, actor: MfaActor, storedHash: string): Promise<number | null> {
  const rows = await exec<{ left: number }>(
    `UPDATE mlm_mfa_factor SET recovery_code_hashes = array_remove(recovery_code_hashes, $3),
       failed_attempts = 0, locked_until = NULL, updated_at = now()
     WHERE actor_type = $1 AND actor_id = $2 AND $3 = ANY (recovery_code_hashes)
       AND confirmed_at IS NOT NULL AND ${NOT_LOCKED}
     RETURNING cardinality(recovery_code_hashes)::int AS left`,
    [actor.actor_type, actor.actor_id, storedHash],
  )
  return rows[0] ? rows[0].left : null
}

export interface FailurePolicy {
  lockAfterFailures: number
  lockSeconds: number
  maxConsecutiveFailures: number
}

/**
 * Counts one failed code for the account. Every `lockAfterFailures`-th consecutive failure locks
 * it for `lockSeconds`; the `maxConsecutiveFailures`-th locks it until an administrator resets
 * it. Null when the account was already locked (nothing counted: a lock is not extended by
 * attempts made during it).
 */
export async function recordFailure(
  exec: SqlExec,
  actor: MfaActor,
  policy: FailurePolicy,
): Promise<{ failed_attempts: number; locked_for_seconds: number | null } | null> {
  const rows = await exec<{ failed_attempts: number; locked_for_seconds: number | null }>(
    `UPDATE mlm_mfa_factor SET failed_attempts = failed_attempts + 1, updated_at = now(),
       locked_until = CASE WHEN failed_attempts + 1 >= $5 THEN 'infinity'::timestamptz
         WHEN (failed_attempts + 1) % $3 = 0 THEN now() + make_interval(secs => $4)
         ELSE locked_until END
     WHERE actor_type = $1 AND actor_id = $2 AND ${NOT_LOCKED}
     RETURNING failed_attempts, ${LOCK_SECONDS} AS locked_for_seconds`,
    [actor.actor_type, actor.actor_id, policy.lockAfterFailures, policy.lockSeconds, policy.maxConsecutiveFailures],
  )
  return rows[0] ?? null
}

export interface MfaSessionRow {
  completed_at: Date
  expires_at: Date
}

/** Records a completed challenge for one login session (a hash of its token or session id). */
export async function recordSession(exec: SqlExec, actor: MfaActor, sessionHash: string, ttlSeconds: number): Promise<MfaSessionRow> {
  await exec(`DELETE FROM mlm_mfa_session WHERE actor_type = $1 AND actor_id = $2 AND expires_at <= now()`, [
    actor.actor_type,
    actor.actor_id,
  ])
  const rows = await exec<MfaSessionRow>(
    `INSERT INTO mlm_mfa_session (session_hash, actor_type, actor_id, completed_at, expires_at)
     VALUES ($1, $2, $3, now(), now() + make_interval(secs => $4))
     ON CONFLICT (session_hash) DO UPDATE SET completed_at = EXCLUDED.completed_at, expires_at = EXCLUDED.expires_at
       WHERE mlm_mfa_session.actor_type = EXCLUDED.actor_type AND mlm_mfa_session.actor_id = EXCLUDED.actor_id
     RETURNING completed_at, expires_at`,
    [sessionHash, actor.actor_type, actor.actor_id, ttlSeconds],
  )
  if (!rows[0]) throw new Error("MFA session hash collides with another account's session")
  return rows[0]
}

export interface MfaGateRow {
  factor: "none" | "pending" | "confirmed"
  completed_at: Date | null
  expires_at: Date | null
  /** Seconds since this session's challenge (database clock); null without one. */
  challenge_age_seconds: number | null
  recovery_codes_left: number
  locked_for_seconds: number | null
}

/** What the MFA gate needs in one round trip: the factor's state and this session's challenge. */
export async function selectGate(exec: SqlExec, actor: MfaActor, sessionHash: string): Promise<MfaGateRow> {
  const rows = await exec<MfaGateRow>(
    `SELECT CASE WHEN f.actor_id IS NULL THEN 'none' WHEN f.confirmed_at IS NULL THEN 'pending' ELSE 'confirmed' END AS factor,
       s.completed_at, s.expires_at,
       CASE WHEN s.completed_at IS NULL THEN NULL ELSE floor(extract(epoch FROM now() - s.completed_at))::int END AS challenge_age_seconds,
       coalesce(cardinality(f.recovery_code_hashes), 0)::int AS recovery_codes_left,
       CASE WHEN f.locked_until IS NULL OR f.locked_until <= now() THEN NULL
         WHEN f.locked_until = 'infinity'::timestamptz THEN -1
         ELSE ceil(extract(epoch FROM f.locked_until - now()))::int END AS locked_for_seconds
     FROM (SELECT 1) AS one
     LEFT JOIN mlm_mfa_factor f ON f.actor_type = $1 AND f.actor_id = $2
     LEFT JOIN mlm_mfa_session s ON s.session_hash = $3 AND s.actor_type = $1 AND s.actor_id = $2
       AND s.expires_at > now() AND f.confirmed_at IS NOT NULL`,
    [actor.actor_type, actor.actor_id, sessionHash],
  )
  return rows[0]
}

/** An administrator's reset: the factor and every completed challenge of the account are gone. */
export async function deleteFactor(exec: SqlExec, actor: MfaActor): Promise<boolean> {
  await exec(`DELETE FROM mlm_mfa_session WHERE actor_type = $1 AND actor_id = $2`, [actor.actor_type, actor.actor_id])
  const rows = await exec(`DELETE FROM mlm_mfa_factor WHERE actor_type = $1 AND actor_id = $2 RETURNING 1 AS deleted`, [
    actor.actor_type,
    actor.actor_id,
  ])
  return rows.length === 1
}
