import { model } from "@medusajs/framework/utils"

/** Who referred a customer who is not (yet) a distributor; the first referrer wins. */
export const CustomerAttribution = model.define("mlm_customer_attribution", {
  id: model.id({ prefix: "mlmattr" }).primaryKey(),
  customer_id: model.text(),
  referrer_id: model.text(),
  source: model.text(),
  source_ref: model.text().nullable(),
})
