import { model } from "@medusajs/framework/utils"

/** Append-only history of distributor status transitions. */
export const StatusChange = model
  .define("mlm_status_change", {
    id: model.id({ prefix: "mlmstat" }).primaryKey(),
    distributor_id: model.text(),
    from_status: model.text(),
    to_status: model.text(),
    actor_id: model.text(),
    reason: model.text(),
  })
  .indexes([{ on: ["distributor_id"] }])
