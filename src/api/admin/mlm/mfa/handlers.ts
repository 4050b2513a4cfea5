import type { AuthenticatedMedusaRequest, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { MFA_POLICY, type MfaActor, type MfaCallContext, type MfaOutcome, type MfaRefusal } from "../../../../modules/mlm/security/mfa"
import { mlmService } from "../../../mlm-service"
import { mfaActorOf, mfaBasePath, mfaCallContext, mfaMessages, sessionHashOf } from "../../../security/mfa-middleware"
import { tooManyRequests } from "../../../security/rate-limits"
import type { MfaConfirmBodyType, MfaVerifyBodyType } from "./validators"

/**
 * The MFA route handlers, shared by /admin/mlm/mfa (users) and /store/mlm/mfa (customers): the
 * account is the one Medusa authenticated, never a parameter. These routes do not require a
 * completed challenge (that is what they produce); secrets and recovery codes are answered once,
 * with `Cache-Control: no-store`.
 */

type Caller = { actor: MfaActor; ctx: MfaCallContext; base: string }

function callerOf(req: MedusaRequest, res: MedusaResponse): Caller | null {
  const actor = mfaActorOf(req)
  const sessionHash = actor ? sessionHashOf(req, actor) : null
  if (!actor || !sessionHash) {
    res.status(403).json({ type: "not_allowed", message: mfaMessages.apiKey })
    return null
  }
  return { actor, ctx: mfaCallContext(req, actor, sessionHash), base: mfaBasePath(actor) }
}

const REFUSALS: Record<Exclude<MfaRefusal, "locked">, (base: string) => [status: number, type: string, message: string]> = {
  no_factor: (base: string) => [409, "conflict", `No TOTP factor: enroll one at ${base}/enroll`],
  not_confirmed: (base: string) => [409, "conflict", `Your TOTP factor is not confirmed yet: confirm it at ${base}/enroll/confirm`],
  already_confirmed: () => [409, "conflict", "Your TOTP factor is already confirmed"],
  reauth_required: (base: string) => [
    403,
    "not_allowed",
    `Replacing a confirmed TOTP factor needs an MFA challenge completed in the last ${MFA_POLICY.stepUpSeconds / 60} minutes: verify at ${base}/verify first`,
  ],
  invalid: () => [401, "unauthorized", "Invalid MFA code"],
  replayed: () => [401, "unauthorized", "This MFA code was already used: wait for the next code"],
  locked_permanently: () => [
    403,
    "not_allowed",
    `MFA is locked after ${MFA_POLICY.maxConsecutiveFailures} consecutive failed attempts: an administrator must reset it`,
  ],
}

function sendRefusal(res: MedusaResponse, base: string, outcome: Extract<MfaOutcome<unknown>, { ok: false }>): void {
  if (outcome.reason === "locked") {
    const seconds = Math.max(1, outcome.retry_after_seconds ?? MFA_POLICY.lockSeconds)
    return tooManyRequests(res, seconds, `Too many failed MFA attempts: try again in ${seconds} seconds`)
  }
  const [status, type, message] = REFUSALS[outcome.reason](base)
  const body: Record<string, unknown> = { type, message }
  if (outcome.attempts_before_lock !== undefined) body.attempts_before_lock = outcome.attempts_before_lock
  res.status(status).json(body)
}

function noStore(res: MedusaResponse): void {
  res.setHeader("Cache-Control", "no-store")
}

/** What the authenticator app shows as the account: its email when there is one. */
async function accountLabel(req: MedusaRequest, actor: MfaActor): Promise<string> {
  try {
    const account =
      actor.actor_type === "user"
        ? await req.scope.resolve(Modules.USER).retrieveUser(actor.actor_id, { select: ["email"] })
        : await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(actor.actor_id, { select: ["email"] })
    return account.email || actor.actor_id
  } catch {
    return actor.actor_id
  }
}

export async function enrollHandler(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const caller = callerOf(req, res)
  if (!caller) return
  const mlm = mlmService(req.scope)
  const gate = await mlm.getMfaGate(caller.actor, caller.ctx.session_hash)
  const recent = gate.challenge_age_seconds !== null && gate.challenge_age_seconds <= MFA_POLICY.stepUpSeconds
  const outcome = await mlm.enrollMfa({ ...caller.ctx, label: await accountLabel(req, caller.actor), recent_challenge: recent })
  if (!outcome.ok) return sendRefusal(res, caller.base, outcome)
  noStore(res)
  res.status(201).json({
    secret: outcome.value.secret,
    otpauth_uri: outcome.value.otpauth_uri,
    confirm_path: `${caller.base}/enroll/confirm`,
  })
}

export async function confirmHandler(req: AuthenticatedMedusaRequest<MfaConfirmBodyType>, res: MedusaResponse): Promise<void> {
  const caller = callerOf(req, res)
  if (!caller) return
  const outcome = await mlmService(req.scope).confirmMfa({ ...caller.ctx, code: req.validatedBody.code })
  if (!outcome.ok) return sendRefusal(res, caller.base, outcome)
  noStore(res)
  res.status(200).json({
    recovery_codes: outcome.value.recovery_codes,
    challenge: { completed_at: outcome.value.session.completed_at, expires_at: outcome.value.session.expires_at },
  })
}

export async function verifyHandler(req: AuthenticatedMedusaRequest<MfaVerifyBodyType>, res: MedusaResponse): Promise<void> {
  const caller = callerOf(req, res)
  if (!caller) return
  const body = req.validatedBody
  const outcome = await mlmService(req.scope).verifyMfa(
    body.code !== undefined ? { ...caller.ctx, code: body.code } : { ...caller.ctx, recovery_code: body.recovery_code! }
  )
  if (!outcome.ok) return sendRefusal(res, caller.base, outcome)
  res.status(200).json({
    challenge: {
      method: outcome.value.method,
      completed_at: outcome.value.session.completed_at,
      expires_at: outcome.value.session.expires_at,
      recovery_codes_left: outcome.value.recovery_codes_left,
    },
  })
}

export async function statusHandler(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const caller = callerOf(req, res)
  if (!caller) return
  const gate = await mlmService(req.scope).getMfaGate(caller.actor, caller.ctx.session_hash)
  res.status(200).json({
    mfa: {
      factor: gate.factor,
      recovery_codes_left: gate.recovery_codes_left,
      locked_for_seconds: gate.locked_for_seconds,
      challenge: gate.completed_at ? { completed_at: gate.completed_at, expires_at: gate.expires_at, age_seconds: gate.challenge_age_seconds } : null,
    },
  })
}
