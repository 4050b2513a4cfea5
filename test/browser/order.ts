// An order's page shows the commission lines it produced, line for line and cent for cent.
import { appUrl, byTestId, expectEqual, waitForTestId, type Step } from "./harness"

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export const orderStep: Step = {
  name: "open an order and see its commissions",
  shot: "order-commissions",
  async run(ctx) {
    // The seeded order that paid the most lines (deepest buyer).
    const { rows } = await ctx.db.query<{ order_id: string; lines: { id: string; amount_minor: string }[] }>(
      `SELECT order_id, json_agg(json_build_object('id', id::text, 'amount_minor', amount_minor::text)) AS lines
         FROM mlm_ledger_line WHERE source_kind = 'order' AND order_id IS NOT NULL
        GROUP BY order_id ORDER BY count(*) DESC, order_id LIMIT 1`
    )
    const expected = rows[0]
    if (!expected) throw new Error("the seed has no order with commission lines")

    await ctx.page.goto(appUrl(ctx, `/orders/${expected.order_id}`))
    await waitForTestId(ctx.page, "mlm-order-widget")
    await waitForTestId(ctx.page, "mlm-order-lines-row")
    const rowsShown = ctx.page.locator(`${byTestId("mlm-order-widget")} ${byTestId("mlm-order-lines-row")}`)
    const shown: { id: string; amount_minor: string }[] = []
    for (const row of await rowsShown.all()) {
      shown.push({
        id: (await row.getAttribute("data-line-id")) ?? "",
        amount_minor: (await row.locator(byTestId("mlm-line-amount")).getAttribute("data-amount-minor")) ?? "",
      })
    }
    expectEqual(`commission lines of ${expected.order_id}`, shown.sort(byId), [...expected.lines].sort(byId))
  },
}
