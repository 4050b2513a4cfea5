import { model } from "@medusajs/framework/utils"

/** The idempotency record of recordCheckoutEnrollment: one row per order, its first outcome. */
export const CheckoutEnrollment = model.define("mlm_checkout_enrollment", {
  id: model.id({ prefix: "mlmcoe" }).primaryKey(),
  order_id: model.text(),
  customer_id: model.text().nullable(),
  referral_code: model.text().nullable(),
  opt_in: model.boolean(),
  outcome: model.enum(["enrolled", "already_distributor", "attributed", "skipped"]),
  reason: model.text().nullable(),
  distributor_id: model.text().nullable(),
})
