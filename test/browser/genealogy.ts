// The genealogy page: the sponsor tree from the house, three levels expanded one click at a
// time (each level's children as the database holds them), search and focus with the upline as
// breadcrumbs, zoom, and the placement tab saying that the demo has no placements.
import { appUrl, byTestId, expectEqual, waitForTestId, type Step, type StepContext } from "./harness"

type Row = { id: string; referral_code: string }

async function childrenOf(ctx: StepContext, id: string): Promise<string[]> {
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT id FROM mlm_distributor WHERE sponsor_id = $1 AND deleted_at IS NULL ORDER BY node_id`,
    [id]
  )
  return rows.map((row) => row.id)
}

/** The ids of the tree items directly under a node's expanded group, in order. */
async function shownChildren(ctx: StepContext, id: string): Promise<string[]> {
  const items = ctx.page.locator(`${byTestId(`genealogy-children-${id}`)} > li[role="treeitem"]`)
  const ids: string[] = []
  for (const item of await items.all()) ids.push(((await item.getAttribute("data-testid")) ?? "").replace("genealogy-node-", ""))
  return ids
}

export const genealogyStep: Step = {
  name: "open the genealogy and expand three levels",
  shot: "genealogy",
  timeoutMs: 90_000,
  async run(ctx) {
    const { page } = ctx
    // The first member four levels down, and its line up to the house: house > a > b > c > d.
    const { rows } = await ctx.db.query<{ line: Row[] }>(
      `SELECT json_agg(json_build_object('id', a.id, 'referral_code', a.referral_code) ORDER BY a.depth) AS line
         FROM (SELECT path FROM mlm_distributor WHERE depth = 4 AND deleted_at IS NULL ORDER BY node_id LIMIT 1) d
         JOIN mlm_distributor a ON a.node_id = ANY (d.path)`
    )
    const line = rows[0]?.line
    if (!line || line.length !== 5) throw new Error("the seed has no member four levels below the house")
    const [house, ...below] = line

    await page.goto(appUrl(ctx, "/mlm/genealogy"))
    await waitForTestId(page, "genealogy-tree")
    expectEqual("the tree starts at the house", await page.locator(byTestId("genealogy-tree")).getAttribute("data-root-id"), house.id)
    await waitForTestId(page, `genealogy-node-${below[0].id}`)
    expectEqual("the house's direct recruits", await shownChildren(ctx, house.id), await childrenOf(ctx, house.id))

    // Expand a, b and c: each shows exactly its children, with their own counts.
    for (const member of below.slice(0, 3)) {
      const expected = await childrenOf(ctx, member.id)
      expectEqual(`child count shown on ${member.referral_code}`, await page.locator(byTestId(`genealogy-node-${member.id}`)).getAttribute("data-child-count"), String(expected.length))
      await page.locator(byTestId(`genealogy-expand-${member.id}`)).click()
      await waitForTestId(page, `genealogy-node-${expected[0]}`)
      expectEqual(`children of ${member.referral_code}`, await shownChildren(ctx, member.id), expected)
    }
    expectEqual("the third expansion reaches level 4", await page.locator(byTestId(`genealogy-node-${below[3].id}`)).getAttribute("data-level"), "5")
    await page.screenshot({ path: `${ctx.artifactsDir}/genealogy-expanded.png`, fullPage: true })

    // Zoom changes the canvas scale, whole percents.
    await page.locator(byTestId("genealogy-sponsor-zoom-out")).click()
    expectEqual("zoom after one step out", await page.locator(byTestId("genealogy-sponsor-canvas")).getAttribute("data-zoom-percent"), "90")

    // Search by referral code, focus: the upline as breadcrumbs, the member as the root.
    const target = below[3]
    await page.locator(byTestId("genealogy-search")).fill(target.referral_code)
    await waitForTestId(page, `genealogy-search-result-${target.id}`)
    await page.locator(byTestId(`genealogy-search-result-${target.id}`)).click()
    await waitForTestId(page, "genealogy-crumb-current")
    for (const ancestor of [house, ...below.slice(0, 3)]) await waitForTestId(page, `genealogy-crumb-${ancestor.id}`, 10_000)
    await page.waitForFunction((id) => document.querySelector('[data-testid="genealogy-tree"]')?.getAttribute("data-root-id") === id, target.id)
    await page.screenshot({ path: `${ctx.artifactsDir}/genealogy-focused.png`, fullPage: true })

    // The demo's plan is unilevel: nobody is placed, and the tab says so.
    await page.locator(byTestId("genealogy-tab-placement")).click()
    await waitForTestId(page, "genealogy-placement-empty")
  },
}
