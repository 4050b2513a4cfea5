// The ledger page: filter by status, bonus and commission period, see exactly the matching lines,
// export them as CSV (a real download, behind step-up MFA when the challenge has aged) and find
// the same lines in the file.
import { readFileSync } from "fs"
import path from "path"
import { parseCsv } from "./csv"
import { answerStepUpUnless } from "./login"
import { appUrl, byTestId, expectEqual, StepFailure, waitForTestId, type Step } from "./harness"

const STATUS = "pending"
// Fast start pays one line per order of a recent recruit: fewer lines than a page (50).
const BONUS = "fast_start"
const byNumber = (a: string, b: string) => Number(a) - Number(b)

export const ledgerStep: Step = {
  name: "filter the ledger and export CSV",
  shot: "ledger",
  timeoutMs: 120_000,
  async run(ctx) {
    const { page } = ctx
    // The commission period with the most such lines (an order line's period is its order's).
    const { rows: periods } = await ctx.db.query<{ period_key: string }>(
      `SELECT r.period_key FROM mlm_ledger_line l JOIN mlm_commission_record r ON r.order_id = l.order_id
        WHERE l.status = $1 AND l.bonus = $2 GROUP BY r.period_key ORDER BY count(*) DESC, r.period_key LIMIT 1`,
      [STATUS, BONUS]
    )
    if (periods.length === 0) throw new Error(`the seed has no ${STATUS} ${BONUS} lines`)
    const period = periods[0].period_key
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT l.id::text FROM mlm_ledger_line l JOIN mlm_commission_record r ON r.order_id = l.order_id
        WHERE l.status = $1 AND l.bonus = $2 AND r.period_key = $3`,
      [STATUS, BONUS, period]
    )
    const expected = rows.map((row) => row.id).sort(byNumber)
    if (expected.length > 50) throw new Error(`the seed has ${expected.length} ${STATUS} ${BONUS} lines in ${period}; the step needs 1 to 50`)

    await page.goto(appUrl(ctx, "/mlm/ledger"))
    await waitForTestId(page, "ledger-page-content")
    await waitForTestId(page, "ledger-row")
    // One filter at a time, each once the URL holds the one before (as a person would): the page
    // builds a change from the filters of its last render, so two changes inside one render
    // would lose the first.
    await page.locator(byTestId("ledger-filter-status")).selectOption(STATUS)
    await page.waitForURL((url) => url.searchParams.get("status") === STATUS)
    await page.locator(byTestId("ledger-filter-bonus")).selectOption(BONUS)
    await page.waitForURL((url) => url.searchParams.get("bonus") === BONUS)
    await page.locator(byTestId("ledger-filter-period")).fill(period)
    await page.locator(byTestId("ledger-filter-period")).press("Enter")
    await page.waitForURL((url) => url.searchParams.get("period_key") === period)
    // The list follows the filters in the URL; wait until every row shown is one of them.
    await page.waitForFunction(
      ({ status, bonus, count }) => {
        const shown = [...document.querySelectorAll('[data-testid="ledger-row"]')]
        return shown.length === count && shown.every((row) => row.getAttribute("data-status") === status && row.getAttribute("data-bonus") === bonus)
      },
      { status: STATUS, bonus: BONUS, count: expected.length },
      { timeout: 20_000 }
    ).catch(() => undefined)
    const shown = await page.locator(byTestId("ledger-row")).evaluateAll((elements) => elements.map((row) => row.getAttribute("data-line-id") ?? ""))
    expectEqual(`lines shown for status ${STATUS}, bonus ${BONUS} and period ${period}`, shown.sort(byNumber), expected)
    const search = new URL(page.url()).searchParams
    expectEqual("filters kept in the URL", [search.get("status"), search.get("bonus"), search.get("period_key")], [STATUS, BONUS, period])

    // Exports need a challenge from the last 5 minutes. Age this session's (the enrollment's) past
    // that window, as time would, so the export goes through the step-up dialog.
    await ctx.db.query(`UPDATE mlm_mfa_session SET completed_at = now() - interval '6 minutes' WHERE actor_type = 'user'`)
    const download = page.waitForEvent("download", { timeout: 90_000 })
    await page.locator(byTestId("ledger-export")).click()
    expectEqual("the export asked for a fresh code", await answerStepUpUnless(ctx, download), true)
    const file = await download
    const saved = path.join(ctx.artifactsDir, "ledger-export.csv")
    await file.saveAs(saved)
    // A UTF-8 BOM first (spreadsheets read the encoding from it), then a header row.
    const [header, ...records] = parseCsv(readFileSync(saved, "utf8").replace(/^\uFEFF/, ""))
    const idColumn = header?.indexOf("id") ?? -1
    if (idColumn < 0) throw new StepFailure(`the CSV has no id column: ${JSON.stringify(header)}`)
    const statuses = new Set(records.map((record) => `${record[header.indexOf("status")]}/${record[header.indexOf("bonus")]}`))
    expectEqual("status and bonus of every exported line", [...statuses], [`${STATUS}/${BONUS}`])
    const ids = records.map((record) => record[idColumn])
    expectEqual("exported line ids", ids.sort(byNumber), expected)
    await waitForTestId(page, "ledger-export-done")
  },
}
