import { model } from "@medusajs/framework/utils"

/** Append-only history of sponsor moves (who, when, why, from, to, how many nodes moved). */
export const SponsorMove = model
  .define("mlm_sponsor_move", {
    id: model.id({ prefix: "mlmmove" }).primaryKey(),
    distributor_id: model.text(),
    from_sponsor_id: model.text(),
    to_sponsor_id: model.text(),
    subtree_size: model.number(),
    actor_id: model.text(),
    reason: model.text(),
  })
  .indexes([{ on: ["distributor_id"] }])
