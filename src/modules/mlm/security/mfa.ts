/**
 * The plugin's own MFA (docs/security.md, "MFA and abuse limits"): a TOTP factor per account
 * (admin user or customer), recovery codes, and challenges completed per login session.
 * Medusa's built-in MFA verifies codes inside its auth module, so it cannot give a per-account
 * atomic replay guard or per-account attempt limits; this module can.
 *
 * Each flow runs in the caller's transaction and RETURNS its refusals instead of throwing them,
 * so a failed attempt's counter and audit row commit with the answer. Every event is audited
 * (OWASP vocabulary: authn_mfa_*); codes and secrets never are.
 */
import type { SqlExec } from "../repositories/sql-exec"
import { recordAudit } from "./audit"
import type { Keyring } from "./keyring"
import * as mfaSql from "./mfa-sql"
import { findRecoveryCodeHash, hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes"
import { checkTotp, newTotpSecret, totpUri } from "./totp"

export type { MfaActor, MfaActorType, MfaGateRow, MfaSessionRow } from "./mfa-sql"

export const MFA_POLICY = {
  issuer: "MLM",
  /** Consecutive failures per account that lock it (per account: not per IP, not per challenge). */
  lockAfterFailures: 5,
  lockSeconds: 15 * 60,
  /** NIST SP 800-63B 5.2.2: after 100 consecutive failures only an administrator unlocks. */
  maxConsecutiveFailures: 100,
  sessionTtlSeconds: 12 * 60 * 60,
  stepUpSeconds: 5 * 60,
  recoveryCodeCount: RECOVERY_CODE_COUNT,
} as const

export interface MfaCallContext {
  actor: mfaSql.MfaActor
  /** sha256 of the bearer token or session id the request came with. */
  session_hash: string
  ip?: string | null
  user_agent?: string | null
  /** Unix seconds; the server clock unless a test pins it. */
  now_seconds?: number
}

export type MfaRefusal =
  | "no_factor"
  | "not_confirmed"
  | "already_confirmed"
  | "reauth_required"
  | "invalid"
  | "replayed"
  | "locked"
  | "locked_permanently"

export type MfaOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: MfaRefusal; retry_after_seconds?: number; attempts_before_lock?: number }

export type VerifiedChallenge = { session: mfaSql.MfaSessionRow; method: "totp" | "recovery_code"; recovery_codes_left: number }

const aadOf = (actor: mfaSql.MfaActor) => `mfa:${actor.actor_type}:${actor.actor_id}`
const nowOf = (ctx: MfaCallContext) => ctx.now_seconds ?? Date.now() / 1000

function audit(exec: SqlExec, ctx: MfaCallContext, event: string, outcome: "success" | "failure" | "denied", after?: unknown) {
  return recordAudit(exec, {
    event,
    actor_type: ctx.actor.actor_type,
    actor_id: ctx.actor.actor_id,
    target_type: "mfa_factor",
    target_id: `${ctx.actor.actor_type}:${ctx.actor.actor_id}`,
    ip: ctx.ip,
    user_agent: ctx.user_agent,
    outcome,
    after,
  })
}

function lockedRefusal(lockedForSeconds: number): MfaOutcome<never> {
  return lockedForSeconds < 0 ? { ok: false, reason: "locked_permanently" } : { ok: false, reason: "locked", retry_after_seconds: lockedForSeconds }
}

/**
 * Starts (or restarts) enrollment: a new unconfirmed secret, returned once. Replacing a confirmed
 * factor needs a recent challenge (ASVS 7.5.1); the caller says whether this session has one.
 */
export async function enroll(
  exec: SqlExec,
  keyring: Keyring,
  ctx: MfaCallContext & { label: string; recent_challenge: boolean },
): Promise<MfaOutcome<{ secret: string; otpauth_uri: string }>> {
  const factor = await mfaSql.selectFactor(exec, ctx.actor)
  if (factor?.confirmed && !ctx.recent_challenge) {
    await audit(exec, ctx, "authn_mfa_enroll_denied", "denied", { reason: "reauth_required" })
    return { ok: false, reason: "reauth_required" }
  }
  if (factor?.locked_for_seconds != null) return lockedRefusal(factor.locked_for_seconds)
  const secret = newTotpSecret()
  await mfaSql.upsertPendingFactor(exec, ctx.actor, keyring.encrypt(secret, aadOf(ctx.actor)))
  await audit(exec, ctx, "authn_mfa_enrollment_started", "success", { replaces_confirmed_factor: Boolean(factor?.confirmed) })
  return { ok: true, value: { secret, otpauth_uri: totpUri({ issuer: MFA_POLICY.issuer, label: ctx.label, secret }) } }
}

/** Confirms enrollment with a first code: the factor is enabled, recovery codes are issued once. */
export async function confirm(
  exec: SqlExec,
  keyring: Keyring,
  ctx: MfaCallContext & { code: string },
): Promise<MfaOutcome<{ recovery_codes: string[]; session: mfaSql.MfaSessionRow }>> {
  const factor = await mfaSql.selectFactor(exec, ctx.actor)
  if (!factor) return { ok: false, reason: "no_factor" }
  if (factor.confirmed) return { ok: false, reason: "already_confirmed" }
  if (factor.locked_for_seconds != null) return deniedWhileLocked(exec, ctx, factor.locked_for_seconds)
  const check = await checkTotp({ secret: keyring.decrypt(factor.secret_enc, aadOf(ctx.actor)).toString("utf8"), code: ctx.code, epochSeconds: nowOf(ctx) })
  if (!check.valid) return countFailure(exec, ctx)
  const recoveryCodes = newRecoveryCodes(MFA_POLICY.recoveryCodeCount)
  const claimed = await mfaSql.claimStep(exec, ctx.actor, {
    step: check.step,
    secretEnc: factor.secret_enc,
    confirm: { recoveryCodeHashes: recoveryCodes.map((code) => hashRecoveryCode(code)) },
  })
  if (!claimed) return explainLostClaim(exec, ctx)
  // Proving possession of the factor is a completed challenge for this session.
  const session = await mfaSql.recordSession(exec, ctx.actor, ctx.session_hash, MFA_POLICY.sessionTtlSeconds)
  await audit(exec, ctx, "authn_mfa_enabled", "success", { recovery_codes_issued: recoveryCodes.length })
  return { ok: true, value: { recovery_codes: recoveryCodes, session } }
}

/** Completes a challenge for this session with a TOTP code or a recovery code. */
export async function verify(
  exec: SqlExec,
  keyring: Keyring,
  ctx: MfaCallContext & ({ code: string; recovery_code?: undefined } | { recovery_code: string; code?: undefined }),
): Promise<MfaOutcome<VerifiedChallenge>> {
  const factor = await mfaSql.selectFactor(exec, ctx.actor)
  if (!factor) return { ok: false, reason: "no_factor" }
  if (!factor.confirmed) return { ok: false, reason: "not_confirmed" }
  if (factor.locked_for_seconds != null) return deniedWhileLocked(exec, ctx, factor.locked_for_seconds)

  let recoveryCodesLeft = factor.recovery_codes_left
  if (ctx.code !== undefined) {
    const check = await checkTotp({ secret: keyring.decrypt(factor.secret_enc, aadOf(ctx.actor)).toString("utf8"), code: ctx.code, epochSeconds: nowOf(ctx) })
    if (!check.valid) return countFailure(exec, ctx)
    if (!(await mfaSql.claimStep(exec, ctx.actor, { step: check.step, secretEnc: factor.secret_enc }))) return explainLostClaim(exec, ctx)
  } else {
    const stored = normaliseRecoveryCode(ctx.recovery_code) ? findRecoveryCodeHash(ctx.recovery_code, factor.recovery_code_hashes) : null
    if (!stored) return countFailure(exec, ctx)
    const left = await mfaSql.consumeRecoveryCode(exec, ctx.actor, stored)
    if (left === null) return explainLostClaim(exec, ctx)
    recoveryCodesLeft = left
  }
  const session = await mfaSql.recordSession(exec, ctx.actor, ctx.session_hash, MFA_POLICY.sessionTtlSeconds)
  const method = ctx.code !== undefined ? "totp" : "recovery_code"
  await audit(exec, ctx, "authn_mfa_success", "success", { method, recovery_codes_left: recoveryCodesLeft })
  return { ok: true, value: { session, method, recovery_codes_left: recoveryCodesLeft } }
}

/** The gate's view of an account and session (src/api/security/mfa-middleware.ts). */
export function gateState(exec: SqlExec, actor: mfaSql.MfaActor, sessionHash: string): Promise<mfaSql.MfaGateRow> {
  return mfaSql.selectGate(exec, actor, sessionHash)
}

/** A request refused by the MFA gate (denied requests are part of the audit trail). */
export function recordDenial(exec: SqlExec, ctx: MfaCallContext & { reason: string; path: string }): Promise<void> {
  return audit(exec, ctx, "authn_mfa_required", "denied", { reason: ctx.reason, path: ctx.path })
}

/**
 * An administrator removes an account's factor (after the permanent lock, or a lost device): the
 * account enrolls again and every session of it must complete a new challenge.
 */
export async function resetFactor(exec: SqlExec, ctx: MfaCallContext & { target: mfaSql.MfaActor }): Promise<boolean> {
  const removed = await mfaSql.deleteFactor(exec, ctx.target)
  if (removed) {
    await recordAudit(exec, {
      event: "authn_mfa_reset",
      actor_type: ctx.actor.actor_type,
      actor_id: ctx.actor.actor_id,
      target_type: "mfa_factor",
      target_id: `${ctx.target.actor_type}:${ctx.target.actor_id}`,
      ip: ctx.ip,
      user_agent: ctx.user_agent,
    })
  }
  return removed
}

async function deniedWhileLocked(exec: SqlExec, ctx: MfaCallContext, lockedForSeconds: number): Promise<MfaOutcome<never>> {
  await audit(exec, ctx, "authn_mfa_locked", "denied", { locked_for_seconds: lockedForSeconds })
  return lockedRefusal(lockedForSeconds)
}

async function countFailure(exec: SqlExec, ctx: MfaCallContext): Promise<MfaOutcome<never>> {
  const counted = await mfaSql.recordFailure(exec, ctx.actor, MFA_POLICY)
  if (!counted) {
    // Another request locked the account between our read and this update.
    const factor = await mfaSql.selectFactor(exec, ctx.actor)
    return deniedWhileLocked(exec, ctx, factor?.locked_for_seconds ?? MFA_POLICY.lockSeconds)
  }
  await audit(exec, ctx, "authn_mfa_fail", "failure", { failed_attempts: counted.failed_attempts })
  if (counted.locked_for_seconds !== null) {
    await audit(exec, ctx, "authn_mfa_locked", "failure", { failed_attempts: counted.failed_attempts, locked_for_seconds: counted.locked_for_seconds })
    return lockedRefusal(counted.locked_for_seconds)
  }
  return { ok: false, reason: "invalid", attempts_before_lock: MFA_POLICY.lockAfterFailures - (counted.failed_attempts % MFA_POLICY.lockAfterFailures) }
}

/**
 * A valid code whose atomic claim found no row: the step (or recovery code) was already used, by
 * an earlier request or a parallel one, or a lock engaged meanwhile. Replays are audited but not
 * counted as failures: only someone who held a valid code can cause one.
 */
async function explainLostClaim(exec: SqlExec, ctx: MfaCallContext): Promise<MfaOutcome<never>> {
  const factor = await mfaSql.selectFactor(exec, ctx.actor)
  if (!factor) return { ok: false, reason: "no_factor" }
  if (factor.locked_for_seconds != null) return deniedWhileLocked(exec, ctx, factor.locked_for_seconds)
  await audit(exec, ctx, "authn_mfa_replay", "failure", { last_step: factor.last_step })
  return { ok: false, reason: "replayed" }
}
