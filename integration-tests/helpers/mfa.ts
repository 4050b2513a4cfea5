import { timeStepAt, totpCodeAt } from "../../src/modules/mlm/security/totp"
import { expectOk, type CallerHeaders, type HttpClient } from "./http"

/**
 * Test callers complete the plugin's MFA the way a person does (docs/security.md): enroll, read
 * the secret, type the authenticator's code. Codes are computed with otplib from the secret the
 * API returned, on the same clock as the server.
 */

export const ADMIN_MFA = "/admin/mlm/mfa"
export const STORE_MFA = "/store/mlm/mfa"

export type MfaEnrollment = {
  secret: string
  recoveryCodes: string[]
  /** The last time step this account used: the next code must be for a later one. */
  lastStep: number
}

const nowSeconds = () => Date.now() / 1000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits until at least `marginSeconds` remain in the current 30-second step, so a code computed
 * now is still inside the server's window (this step or the one before) when the request lands.
 */
export async function awayFromStepEdge(marginSeconds = 3): Promise<void> {
  const intoStep = nowSeconds() % 30
  if (intoStep > 30 - marginSeconds) await sleep((30 - intoStep) * 1000 + 50)
}

/** The code for `step` (which must be the current step or the one before when it is sent). */
export function codeForStep(secret: string, step: number): Promise<string> {
  return totpCodeAt(secret, step * 30)
}

/**
 * A code the account has not used: the current step's, once it is later than `lastStep`
 * (waiting for the next step when it is not).
 */
export async function unusedCode(secret: string, lastStep: number): Promise<{ code: string; step: number }> {
  await awayFromStepEdge()
  while (timeStepAt(nowSeconds()) <= lastStep) await sleep(250)
  await awayFromStepEdge()
  const step = timeStepAt(nowSeconds())
  return { code: await codeForStep(secret, step), step }
}

/**
 * Enrolls a factor and confirms it (which also completes a challenge for this session). It
 * confirms with the PREVIOUS step's code, which the window accepts, so the current step stays
 * free for a test's next verification without waiting 30 seconds.
 */
export async function enrollAndConfirm(http: HttpClient, base: string, headers: CallerHeaders): Promise<MfaEnrollment> {
  const enrolled = expectOk(await http.post(`${base}/enroll`, {}, headers), 201)
  const secret: string = enrolled.data.secret
  await awayFromStepEdge()
  const step = timeStepAt(nowSeconds()) - 1
  const confirmed = expectOk(await http.post(`${base}/enroll/confirm`, { code: await codeForStep(secret, step) }, headers))
  return { secret, recoveryCodes: confirmed.data.recovery_codes, lastStep: step }
}

/** Completes a challenge for a new session (another login) of an enrolled account. */
export async function verifyChallenge(http: HttpClient, base: string, headers: CallerHeaders, mfa: MfaEnrollment): Promise<void> {
  const { code, step } = await unusedCode(mfa.secret, mfa.lastStep)
  expectOk(await http.post(`${base}/verify`, { code }, headers))
  mfa.lastStep = step
}
