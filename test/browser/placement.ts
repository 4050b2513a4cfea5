// The placement tab with a binary tree in it. The demo's plan is unilevel and places nobody, so
// this step writes a small binary tree for a USD plan (the store sells in EUR: nothing it
// computes changes) and a computed period run with carry, straight into the store's database,
// as a binary plan's enrollments and period close would. Then: the legs under the root, each
// seat's carry from that run, and one more level expanded.
import { appUrl, byTestId, expectEqual, waitForTestId, type Step, type StepContext } from "./harness"

const PLAN_ID = "mlmplan_browser_binary"
const VERSION_ID = "mlmplv_browser_binary"
const RUN_ID = "mlmrun_browser_binary"

type Member = { id: string; node_id: number }

async function seedBinaryTree(ctx: StepContext): Promise<{ root: Member; left: Member; right: Member; below: Member }> {
  const { rows: house } = await ctx.db.query<Member>(`SELECT id, node_id FROM mlm_distributor WHERE is_house`)
  const { rows: frontline } = await ctx.db.query<Member>(
    `SELECT d.id, d.node_id FROM mlm_distributor d
      WHERE d.sponsor_id = $1 AND EXISTS (SELECT 1 FROM mlm_distributor c WHERE c.sponsor_id = d.id)
      ORDER BY d.node_id LIMIT 2`,
    [house[0].id]
  )
  const { rows: under } = await ctx.db.query<Member>(`SELECT id, node_id FROM mlm_distributor WHERE sponsor_id = $1 ORDER BY node_id LIMIT 1`, [frontline[0].id])
  const [root, left, right, below] = [house[0], frontline[0], frontline[1], under[0]]
  const plan = { currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] }
  await ctx.db.query(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ($1, 'Browser binary', 'monthly', $2::jsonb)`, [PLAN_ID, JSON.stringify(plan)])
  await ctx.db.query(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
     VALUES ($1, $2, 1, 'USD', 'monthly', $3::jsonb, 'browser-test', '2000-01-01T00:00:00Z')`,
    [VERSION_ID, PLAN_ID, JSON.stringify(plan)]
  )
  const seats: [string, Member, string | null, number | null, number[]][] = [
    ["mlmplc_browser_root", root, null, null, [root.node_id]],
    ["mlmplc_browser_left", left, "mlmplc_browser_root", 0, [root.node_id, left.node_id]],
    ["mlmplc_browser_right", right, "mlmplc_browser_root", 1, [root.node_id, right.node_id]],
    ["mlmplc_browser_below", below, "mlmplc_browser_left", 0, [root.node_id, left.node_id, below.node_id]],
  ]
  for (const [id, member, parent, position, path] of seats) {
    await ctx.db.query(
      `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path)
       VALUES ($1, 'binary', $2, $3, $4, $5, $6, $7::int[])`,
      [id, PLAN_ID, member.id, parent, position, path.length - 1, path]
    )
  }
  // A computed run whose current write attempt (1) holds the carry.
  await ctx.db.query(
    `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, write_attempts, result_attempt) VALUES ($1, '2026-10', 'USD', $2, 'computed', 1, 1)`,
    [RUN_ID, VERSION_ID]
  )
  await ctx.db.query(
    `INSERT INTO mlm_period_member (run_id, attempt, node_id, carry_left_minor, carry_right_minor) VALUES ($1, 1, $2, 1500, 0), ($1, 1, $3, 0, 725)`,
    [RUN_ID, root.node_id, left.node_id]
  )
  return { root, left, right, below }
}

export const placementStep: Step = {
  name: "open a binary placement tree and see its legs with carry",
  shot: "genealogy-placement",
  async run(ctx) {
    const { page } = ctx
    const { root, left, right, below } = await seedBinaryTree(ctx)
    await page.goto(appUrl(ctx, "/mlm/genealogy?tree=placement"))
    await waitForTestId(page, "genealogy-placement-tree")
    expectEqual("the tree picked", await page.locator(byTestId("genealogy-placement-tree-select")).inputValue(), `binary:${PLAN_ID}`)
    await waitForTestId(page, `genealogy-placement-node-${left.id}`)
    expectEqual(
      "legs under the root",
      await page.locator(`${byTestId(`genealogy-placement-children-${root.id}`)} > li[role="treeitem"]`).evaluateAll((items) =>
        items.map((item) => [item.getAttribute("data-testid"), item.getAttribute("data-position")])
      ),
      [
        [`genealogy-placement-node-${left.id}`, "0"],
        [`genealogy-placement-node-${right.id}`, "1"],
      ]
    )
    expectEqual("where the carry comes from", (await page.locator(byTestId("genealogy-carry-source")).innerText()).trim(), "Carry after period 2026-10 (computed run).")
    const carryMinor = async (id: string) => page.locator(`${byTestId(`genealogy-carry-${id}`)} [data-amount-minor]`).evaluateAll((spans) => spans.map((span) => span.getAttribute("data-amount-minor")))
    expectEqual("the root's carry", await carryMinor(root.id), ["1500", "0"])
    expectEqual("the left leg's carry", await carryMinor(left.id), ["0", "725"])
    expectEqual("the right leg's carry (none stored: 0/0)", await carryMinor(right.id), ["0", "0"])

    await page.locator(byTestId(`genealogy-placement-expand-${left.id}`)).click()
    await waitForTestId(page, `genealogy-placement-node-${below.id}`)
    expectEqual("the seat below the left leg", await page.locator(byTestId(`genealogy-placement-node-${below.id}`)).getAttribute("data-position"), "0")
  },
}
