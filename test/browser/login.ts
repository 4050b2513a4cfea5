// Logs in to /app as the seeded admin and completes the plugin's MFA through its gate: enroll,
// read the secret shown, type the authenticator's code, put the recovery codes away.
import { appUrl, byTestId, expectEqual, StepFailure, waitForTestId, type Step, type StepContext } from "./harness"
import { previousStepCode, unusedCode, type MfaState } from "./totp"

export const loginStep: Step = {
  name: "log in to /app as the seeded admin and enroll the plugin's MFA",
  shot: "mlm-overview",
  gate: true,
  // The first /app load compiles the dashboard through Vite.
  timeoutMs: 150_000,
  async run(ctx) {
    const { page } = ctx
    await page.goto(appUrl(ctx, "/login"), { timeout: 120_000 })
    await page.locator('input[name="email"]').fill(ctx.admin.email, { timeout: 120_000 })
    await page.locator('input[name="password"]').fill(ctx.admin.password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 30_000 })

    await page.goto(appUrl(ctx, "/mlm"))
    await waitForTestId(page, "mlm-mfa-enroll-start")
    await page.locator(byTestId("mlm-mfa-enroll-start")).click()
    await waitForTestId(page, "mlm-mfa-secret")
    const secret = (await page.locator(byTestId("mlm-mfa-secret")).innerText()).trim()
    if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new StepFailure(`the MFA gate shows no base32 secret: ${JSON.stringify(secret)}`)
    const uri = await page.locator(byTestId("mlm-mfa-otpauth-uri")).innerText()
    expectEqual("the setup link carries the secret", new URL(uri.trim()).searchParams.get("secret"), secret)

    const { code, step } = await previousStepCode(secret)
    await page.locator(byTestId("mlm-mfa-code-input")).fill(code)
    await page.locator(byTestId("mlm-mfa-code-submit")).click()
    await waitForTestId(page, "mlm-mfa-recovery-codes")
    expectEqual("recovery codes shown once", await page.locator(byTestId("mlm-mfa-recovery-code")).count(), 10)
    await page.locator(byTestId("mlm-mfa-recovery-done")).click()
    await waitForTestId(page, "mlm-overview")
    await waitForTestId(page, "mlm-overview-distributors")
    ctx.state.mfa = { secret, lastStep: step } satisfies MfaState
  },
}

/**
 * Answers the step-up dialog if it opens before `done` settles (exports need an MFA challenge
 * from the last 5 minutes; the enrollment's may have aged on a slow machine), with a code for a
 * later time step than the last one used. Returns whether it was asked.
 */
export async function answerStepUpUnless(ctx: StepContext, done: Promise<unknown>): Promise<boolean> {
  const input = ctx.page.locator(byTestId("mlm-mfa-step-up-code-input"))
  const asked = input.waitFor({ state: "visible", timeout: 120_000 }).then(
    () => true,
    () => false
  )
  const first = await Promise.race([asked, done.then(() => false, () => false)])
  if (!first) return false
  await input.fill(await unusedCode(ctx.state.mfa as MfaState))
  await ctx.page.locator(byTestId("mlm-mfa-step-up-code-submit")).click()
  return true
}
