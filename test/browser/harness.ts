// The browser suite's small runner: named steps run in order on one logged-in page, each with a
// time limit and a screenshot of where it ended (passed or not). A failed step is a failure,
// never a skip; steps after a failed login fail at once instead of waiting on the MFA gate.
import { isDeepStrictEqual } from "util"
import path from "path"
import type { Page } from "playwright-core"
import type { Client } from "pg"

export type StepContext = {
  page: Page
  baseUrl: string
  db: Client
  admin: { email: string; password: string }
  artifactsDir: string
  /** What earlier steps learned (the MFA secret, say). */
  state: Record<string, unknown>
}

export type Step = {
  name: string
  /** Screenshot file name (without extension). */
  shot: string
  /** The steps after it cannot run without it (the login). */
  gate?: boolean
  timeoutMs?: number
  run: (ctx: StepContext) => Promise<void>
}

export type StepResult = { name: string; status: "passed" | "failed"; durationMs: number; error?: string; screenshot?: string }

export class StepFailure extends Error {
  override name = "StepFailure"
}

/** An exact comparison with both values in the message, for reading in CI. */
export function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new StepFailure(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

export function expectTrue(what: string, condition: boolean): void {
  if (!condition) throw new StepFailure(what)
}

/** `[data-testid="..."]` (exact). */
export const byTestId = (id: string) => `[data-testid="${id}"]`

/** The admin path under /app: `appUrl(ctx, "/customers/cus_1")`. */
export const appUrl = (ctx: StepContext, adminPath: string) => `${ctx.baseUrl}/app${adminPath}`

/** Waits for a test id to be visible; the message names the page when it never is (a page not built yet, say). */
export async function waitForTestId(page: Page, id: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.locator(byTestId(id)).first().waitFor({ state: "visible", timeout: timeoutMs })
  } catch (error) {
    throw new StepFailure(`[data-testid="${id}"] did not appear on ${page.url()} within ${timeoutMs / 1000}s (${(error as Error).message.split("\n")[0]})`)
  }
}

export async function runSteps(steps: Step[], ctx: StepContext, report: (result: StepResult) => void): Promise<StepResult[]> {
  const results: StepResult[] = []
  let blockedBy: string | null = null
  for (const [index, step] of steps.entries()) {
    const started = Date.now()
    const screenshot = path.join(ctx.artifactsDir, `${String(index + 1).padStart(2, "0")}-${step.shot}.png`)
    let error: string | undefined
    if (blockedBy) {
      error = `not run: the step "${blockedBy}" failed`
    } else {
      try {
        await withTimeout(step.run(ctx), step.timeoutMs ?? 60_000, step.name)
      } catch (caught) {
        error = (caught as Error).message ?? String(caught)
      }
    }
    let shot: string | undefined
    if (!blockedBy) {
      shot = await ctx.page
        .screenshot({ path: screenshot, fullPage: true, timeout: 15_000 })
        .then(() => path.relative(process.cwd(), screenshot))
        .catch(() => undefined)
    }
    const result: StepResult = { name: step.name, status: error ? "failed" : "passed", durationMs: Date.now() - started, error, screenshot: shot }
    if (error && step.gate && !blockedBy) blockedBy = step.name
    results.push(result)
    report(result)
  }
  return results
}

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`"${name}" took longer than ${ms / 1000}s`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
