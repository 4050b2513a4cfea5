// `npm test`'s browser step (scripts/test.sh), also runnable alone: `npx tsx scripts/browser-test.ts`.
// Starts the demo store on a fresh database (small seed), drives the admin in Debian's Chromium
// with playwright-core (test/browser/steps.ts), saves a screenshot per step in
// test-artifacts/browser/, writes a jest-shaped report for the summary line, prints
// `N passed, N failed`, and cleans up (browser, store, database) whatever happened.
//   --report <file>   where the JSON report goes (default .tmp/test-results/browser.json)
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { chromium, type BrowserContext } from "playwright-core"
import { startDemoStore, type DemoStore } from "../test/browser/demo-store"
import { runSteps, type StepResult } from "../test/browser/harness"
import { STEPS } from "../test/browser/steps"

const REPO_ROOT = path.resolve(__dirname, "..")
const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/browser")
const CHROMIUM = process.env.MLM_BROWSER_EXECUTABLE || "/usr/bin/chromium"
const DISTRIBUTORS = Number(process.env.MLM_DEMO_DISTRIBUTORS || 60)
// Playwright adds --headless (headless: true) and --user-data-dir (the fresh profile below).
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

const startedAt = Date.now()
const say = (line: string) => console.log(`[browser +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`)

function reportPath(): string {
  const at = process.argv.indexOf("--report")
  return path.resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : path.join(REPO_ROOT, ".tmp/test-results/browser.json"))
}

async function main(): Promise<number> {
  rmSync(ARTIFACTS, { recursive: true, force: true })
  mkdirSync(ARTIFACTS, { recursive: true })
  const profile = mkdtempSync(path.join(os.tmpdir(), "mlm-browser-profile-"))
  let store: DemoStore | null = null
  let context: BrowserContext | null = null
  let db: Client | null = null
  const stopAll = async () => {
    await context?.close().catch(() => undefined)
    context = null
    await db?.end().catch(() => undefined)
    db = null
    await store?.stop()
    store = null
    rmSync(profile, { recursive: true, force: true })
  }
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: cleaning up`)
    void stopAll().then(() => process.exit(130))
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)

  let results: StepResult[]
  try {
    say(`starting the demo store (${DISTRIBUTORS} distributors)`)
    store = await startDemoStore({ distributors: DISTRIBUTORS, logFile: path.join(ARTIFACTS, "store.log"), say })
    say(`store ready at ${store.baseUrl}`)
    db = new Client({ connectionString: store.databaseUrl })
    await db.connect()
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    })
    const page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(20_000)
    // The browser's own errors and React's warnings, for reading after a run (not checked).
    const consoleLog = path.join(ARTIFACTS, "console.log")
    writeFileSync(consoleLog, "")
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") appendFileSync(consoleLog, `[${message.type()}] ${page.url()}\n${message.text()}\n\n`)
    })
    page.on("pageerror", (error) => appendFileSync(consoleLog, `[pageerror] ${page.url()}\n${error.stack ?? error.message}\n\n`))
    say(`Chromium ${context.browser()?.version() ?? ""} at ${CHROMIUM}`)
    results = await runSteps(STEPS, { page, baseUrl: store.baseUrl, db, admin: store.credentials.admin, artifactsDir: ARTIFACTS, state: {} }, (result) =>
      say(`${result.status === "passed" ? "✓" : "✕"} ${result.name} (${(result.durationMs / 1000).toFixed(1)}s)${result.error ? `\n    ${result.error.replace(/\n/g, "\n    ")}` : ""}`)
    )
  } catch (error) {
    // Nothing ran: every step counts as failed, with the reason.
    const reason = `not run: ${(error as Error).message}`
    say(`setup failed: ${(error as Error).message}`)
    results = STEPS.map((step) => ({ name: step.name, status: "failed", durationMs: 0, error: reason }))
  } finally {
    await stopAll()
  }

  const passed = results.filter((result) => result.status === "passed").length
  const failed = results.length - passed
  writeReport(results, passed, failed)
  say(`screenshots in ${path.relative(REPO_ROOT, ARTIFACTS)}/`)
  console.log(`${passed} passed, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

/** The fields of jest's --json report that scripts/test.sh sums, plus each step. */
function writeReport(results: StepResult[], passed: number, failed: number) {
  const file = reportPath()
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(
    file,
    JSON.stringify(
      {
        numPassedTests: passed,
        numFailedTests: failed,
        numPendingTests: 0,
        numTodoTests: 0,
        numRuntimeErrorTestSuites: 0,
        startTime: startedAt,
        durationMs: Date.now() - startedAt,
        steps: results,
      },
      null,
      2
    ) + "\n"
  )
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
