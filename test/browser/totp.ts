// TOTP codes for the admin's MFA, from the secret the MFA gate shows, computed with @otplib
// (src/modules/mlm/security/totp.ts) on the server's clock, as integration-tests/helpers/mfa.ts does.
import { timeStepAt, totpCodeAt } from "../../src/modules/mlm/security/totp"

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const nowSeconds = () => Date.now() / 1000

export type MfaState = { secret: string; lastStep: number }

/** Waits until `marginSeconds` remain in the current 30-second step, so a code computed now is still good on arrival. */
export async function awayFromStepEdge(marginSeconds = 4): Promise<void> {
  const intoStep = nowSeconds() % 30
  if (intoStep > 30 - marginSeconds) await sleep((30 - intoStep) * 1000 + 50)
}

/**
 * The previous step's code, which the server's window accepts: confirming enrollment with it
 * leaves the current step free for a step-up code right after.
 */
export async function previousStepCode(secret: string): Promise<{ code: string; step: number }> {
  await awayFromStepEdge()
  const step = timeStepAt(nowSeconds()) - 1
  return { code: await totpCodeAt(secret, step * 30), step }
}

/** A code for a step later than the last one used (the server refuses a replayed step). */
export async function unusedCode(mfa: MfaState): Promise<string> {
  await awayFromStepEdge()
  while (timeStepAt(nowSeconds()) <= mfa.lastStep) await sleep(250)
  await awayFromStepEdge()
  const step = timeStepAt(nowSeconds())
  mfa.lastStep = step
  return totpCodeAt(mfa.secret, step * 30)
}
