// Edit the demo plan in the form (level 1 of the unilevel from 10% to 12%), simulate it on an
// uploaded network, and see the totals the engine computes for the edited plan: simulate()
// from src/engine runs here on the same document, and every bonus total must match to the cent.
import { simulate } from "../../src/engine"
import { appUrl, byTestId, expectEqual, waitForTestId, type Step } from "./harness"

const EDITED_LEVEL_1_BP = 1200

/** A small network (a line of six) and orders that pay unilevel on five levels and fast start. */
export const SIMULATION = {
  members: [
    { id: "A", enrolled_at: "2026-01-01T00:00:00Z" },
    { id: "B", sponsor: "A", enrolled_at: "2026-01-02T00:00:00Z" },
    { id: "C", sponsor: "B", enrolled_at: "2026-01-03T00:00:00Z" },
    { id: "D", sponsor: "C", enrolled_at: "2026-01-04T00:00:00Z" },
    { id: "E", sponsor: "D", enrolled_at: "2026-01-05T00:00:00Z" },
    { id: "F", sponsor: "E", enrolled_at: "2026-01-06T00:00:00Z" },
  ],
  events: [
    { type: "order", id: "o1", buyer: "F", cv: 10_000, at: "2026-01-10T00:00:00Z" },
    { type: "order", id: "o2", buyer: "C", cv: 3_333, at: "2026-03-01T00:00:00Z" },
    { type: "order", id: "o3", buyer: "E", cv: 12_345, at: "2026-01-20T00:00:00Z" },
  ],
}

export function expectedTotals(draft: Record<string, unknown>): Record<string, number> {
  const result = simulate({ plan: draft, ...SIMULATION })
  const totals: Record<string, number> = {}
  for (const line of result.lines) totals[line.bonus] = (totals[line.bonus] ?? 0) + line.cents
  return totals
}

export const planStep: Step = {
  name: "edit a plan, simulate it and see the expected totals",
  shot: "plan-simulation",
  timeoutMs: 90_000,
  async run(ctx) {
    const { page } = ctx
    const { rows } = await ctx.db.query<{ id: string; draft: Record<string, unknown> }>(`SELECT id, draft FROM mlm_plan ORDER BY created_at LIMIT 1`)
    const plan = rows[0]
    if (!plan) throw new Error("the seed has no plan")
    const components = plan.draft.components as { type: string; levels_bp?: number[] }[]
    const unilevel = components.findIndex((component) => component.type === "unilevel")
    if (unilevel < 0) throw new Error("the demo plan has no unilevel component")
    const edited = structuredClone(plan.draft) as { components: { levels_bp: number[] }[] }
    edited.components[unilevel].levels_bp[0] = EDITED_LEVEL_1_BP

    await page.goto(appUrl(ctx, "/mlm/plans"))
    await waitForTestId(page, "plan-list")
    await page.locator(`${byTestId("plan-row")}[data-plan-id="${plan.id}"] ${byTestId("plan-row-link")}`).click()
    await waitForTestId(page, "plan-editor")
    const level1 = page.locator(byTestId(`plan-field-components-${unilevel}-levels_bp-0`))
    await level1.fill(String(EDITED_LEVEL_1_BP))
    expectEqual("the form echoes the new rate", (await page.locator(byTestId(`plan-field-components-${unilevel}-levels_bp-0-echo`)).innerText()).trim(), "12%")
    await waitForTestId(page, "plan-save-state")
    expectEqual("unsaved edit", (await page.locator(byTestId("plan-save-state")).innerText()).trim(), "Unsaved changes")

    await page.locator(byTestId("simulate-mode-file")).click()
    await page.locator(byTestId("simulate-file")).setInputFiles({
      name: "line-of-six.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(SIMULATION)),
    })
    await waitForTestId(page, "simulate-file-summary")
    await page.locator(byTestId("simulate-run")).click()
    await waitForTestId(page, "simulate-result")

    const shown: Record<string, number> = {}
    for (const row of await page.locator(byTestId("simulate-total-row")).all()) {
      shown[(await row.getAttribute("data-bonus")) ?? ""] = Number(await row.locator(byTestId("simulate-total-amount")).getAttribute("data-amount-minor"))
    }
    const expected = expectedTotals(edited)
    expectEqual("totals by bonus", shown, expected)
    const all = Number(await page.locator(byTestId("simulate-total-all-amount")).getAttribute("data-amount-minor"))
    expectEqual("total of all bonuses", all, Object.values(expected).reduce((sum, cents) => sum + cents, 0))

    // Simulating saved the edit first: the stored draft is the edited plan.
    const saved = await ctx.db.query<{ draft: { components: { levels_bp?: number[] }[] } }>(`SELECT draft FROM mlm_plan WHERE id = $1`, [plan.id])
    expectEqual("saved level 1 rate", saved.rows[0].draft.components[unilevel].levels_bp?.[0], EDITED_LEVEL_1_BP)
    expectEqual("save state", (await page.locator(byTestId("plan-save-state")).innerText()).trim(), "Saved")
  },
}
