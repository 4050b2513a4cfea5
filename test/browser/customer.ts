// A customer's page shows the distributor card with the record as the database holds it.
import { appUrl, byTestId, expectEqual, waitForTestId, type Step } from "./harness"

const STATUS_LABEL = (status: string) => status.charAt(0).toUpperCase() + status.slice(1)

export const customerStep: Step = {
  name: "open a customer and see the distributor card",
  shot: "customer-distributor-card",
  async run(ctx) {
    // The first demo customer: a distributor near the top, with a downline.
    const { rows } = await ctx.db.query<{ customer_id: string; referral_code: string; status: string; downline: string }>(
      `SELECT d.customer_id, d.referral_code, d.status,
              (SELECT count(*) FROM mlm_distributor c
                WHERE c.path[1:cardinality(d.path)] = d.path AND c.id <> d.id AND c.deleted_at IS NULL) AS downline
         FROM mlm_distributor d JOIN customer cu ON cu.id = d.customer_id
        WHERE cu.email = 'demo+0001@example.com'`
    )
    const expected = rows[0]
    if (!expected) throw new Error("the seed has no distributor for demo+0001@example.com")

    await ctx.page.goto(appUrl(ctx, `/customers/${expected.customer_id}`))
    await waitForTestId(ctx.page, "mlm-customer-widget")
    await waitForTestId(ctx.page, "mlm-distributor-card")
    const card = ctx.page.locator(byTestId("mlm-distributor-card"))
    expectEqual("referral code", (await card.locator(byTestId("mlm-distributor-referral-code")).innerText()).trim(), expected.referral_code)
    expectEqual("status", (await card.locator(byTestId("mlm-distributor-status")).innerText()).trim(), STATUS_LABEL(expected.status))
    expectEqual("downline total", (await card.locator(byTestId("mlm-downline-total")).innerText()).trim(), String(Number(expected.downline)))
    await card.locator(byTestId("mlm-distributor-referral-link")).waitFor()
  },
}
