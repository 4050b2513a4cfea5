import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createHash } from "node:crypto"
import { MFA_POLICY, type MfaActor, type MfaCallContext, type MfaGateRow } from "../../modules/mlm/security/mfa"
import { mlmService } from "../mlm-service"

/**
 * MFA is required, not optional (docs/security.md, "MFA and abuse limits"): every /admin/mlm
 * route (but the MFA routes themselves) and every /store/mlm/me* route needs a challenge of the
 * plugin's TOTP factor completed in THIS login session (a bearer token or a session cookie;
 * 12 hours at most). Sensitive actions (plan activation, role changes, payout details, exports)
 * need one completed in the last 5 minutes (step-up, `requireRecentMfa`).
 *
 * Medusa's own authentication runs first (it sets `auth_context`); these gates only add to it.
 * A secret API key has no MFA factor, so it cannot use the MLM routes at all.
 */

type Req = MedusaRequest & {
  auth_context?: { actor_type?: string; actor_id?: string }
  session?: { auth_context?: { actor_type?: string; actor_id?: string } }
  sessionID?: string
}

export const ADMIN_MFA_BASE = "/admin/mlm/mfa"
export const STORE_MFA_BASE = "/store/mlm/mfa"

export function mfaBasePath(actor: MfaActor): string {
  return actor.actor_type === "user" ? ADMIN_MFA_BASE : STORE_MFA_BASE
}

/** The account behind the request, when it can hold a plugin MFA factor. */
export function mfaActorOf(req: MedusaRequest): MfaActor | null {
  const auth = (req as Req).auth_context
  if (!auth?.actor_id) return null
  if (auth.actor_type !== "user" && auth.actor_type !== "customer") return null
  return { actor_type: auth.actor_type, actor_id: auth.actor_id }
}

/**
 * What identifies this login session: the session id when Medusa authenticated the request from
 * its session cookie (it tries the session first), else the bearer token. Only a hash is stored.
 */
export function sessionHashOf(req: MedusaRequest, actor: MfaActor): string | null {
  const fromSession = (req as Req).session?.auth_context
  const sessionId = (req as Req).sessionID
  if (sessionId && fromSession?.actor_id === actor.actor_id && fromSession?.actor_type === actor.actor_type) {
    return sha256(`session:${sessionId}`)
  }
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")
  return bearer ? sha256(`bearer:${bearer[1]}`) : null
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex")
}

/** The caller as the MFA flows and their audit rows see it. */
export function mfaCallContext(req: MedusaRequest, actor: MfaActor, sessionHash: string): MfaCallContext {
  return { actor, session_hash: sessionHash, ip: req.ip ?? null, user_agent: req.get("user-agent") ?? null }
}

const gateCache = new WeakMap<MedusaRequest, Promise<MfaGateRow>>()

/** One read per request, however many gates apply. */
function gateOf(req: MedusaRequest, actor: MfaActor, sessionHash: string): Promise<MfaGateRow> {
  let gate = gateCache.get(req)
  if (!gate) {
    gate = mlmService(req.scope).getMfaGate(actor, sessionHash)
    gateCache.set(req, gate)
  }
  return gate
}

export const mfaMessages = {
  apiKey: "MLM routes need a signed-in user with MFA; a secret API key cannot use them",
  enroll: (base: string) => `MFA is required: enroll a TOTP factor at ${base}/enroll`,
  confirm: (base: string) => `MFA is required: confirm your TOTP factor at ${base}/enroll/confirm`,
  challenge: (base: string) => `Complete an MFA challenge at ${base}/verify to use this route`,
  stepUp: (base: string, maxAgeSeconds: number) =>
    `This action needs an MFA challenge completed in the last ${describeSeconds(maxAgeSeconds)}: verify again at ${base}/verify`,
}

function describeSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? "" : "s"}` : `${seconds} seconds`
}

/** The gate: `maxAgeSeconds` undefined = a challenge in this session; a number = step-up. */
function mfaGate(maxAgeSeconds?: number) {
  return async function mlmMfaGate(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): Promise<void> {
    const auth = (req as Req).auth_context
    if (!auth?.actor_id) {
      res.status(401).json({ type: "unauthorized", message: "Unauthorized" })
      return
    }
    const actor = mfaActorOf(req)
    const sessionHash = actor ? sessionHashOf(req, actor) : null
    if (!actor || !sessionHash) {
      res.status(403).json({ type: "not_allowed", message: mfaMessages.apiKey })
      return
    }
    const gate = await gateOf(req, actor, sessionHash)
    const base = mfaBasePath(actor)
    let refusal: { reason: string; message: string } | null = null
    if (gate.factor === "none") refusal = { reason: "no_factor", message: mfaMessages.enroll(base) }
    else if (gate.factor === "pending") refusal = { reason: "factor_not_confirmed", message: mfaMessages.confirm(base) }
    else if (gate.challenge_age_seconds === null) refusal = { reason: "no_challenge", message: mfaMessages.challenge(base) }
    else if (maxAgeSeconds !== undefined && gate.challenge_age_seconds > maxAgeSeconds) {
      refusal = { reason: "challenge_too_old", message: mfaMessages.stepUp(base, maxAgeSeconds) }
    }
    if (!refusal) return next()
    try {
      const path = (req.originalUrl ?? req.url).split("?")[0].slice(0, 500)
      await mlmService(req.scope).recordMfaDenial({ ...mfaCallContext(req, actor, sessionHash), reason: refusal.reason, path })
    } catch (error) {
      // The request is refused either way; a lost audit row must show in the logs.
      req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`mlm: could not audit an MFA refusal: ${(error as Error).message}`)
    }
    res.status(403).json({ type: "not_allowed", message: refusal.message })
  }
}

/** A completed, unexpired plugin MFA challenge in this session. */
export const requireMfa = mfaGate()

/** Step-up: a challenge completed in this session within the last `maxAgeSeconds`. */
export function requireRecentMfa(maxAgeSeconds: number = MFA_POLICY.stepUpSeconds) {
  return mfaGate(maxAgeSeconds)
}

/** Step-up only for requests `applies` picks (e.g. a read that reveals plaintext). */
export function requireRecentMfaIf(applies: (req: MedusaRequest) => boolean, maxAgeSeconds: number = MFA_POLICY.stepUpSeconds) {
  const gate = mfaGate(maxAgeSeconds)
  return function mlmStepUpIf(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    return applies(req) ? gate(req, res, next) : next()
  }
}

const MFA_ROUTES = /^\/admin\/mlm\/mfa(\/|$)/i

/**
 * requireMfa for the /admin/mlm mount, except the MFA routes (enrolling and verifying cannot
 * require a completed challenge). Express routes case-insensitively, so the exception does too.
 */
export async function requireMfaOutsideMfaRoutes(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): Promise<void> {
  const path = (req.originalUrl ?? req.url).split("?")[0]
  if (MFA_ROUTES.test(path)) return next()
  return requireMfa(req, res, next)
}
