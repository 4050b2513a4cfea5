import { model } from "@medusajs/framework/utils"

/** A board (cycler) of a board plan: fills up to `capacity` seats, then pays out and splits. */
export const Board = model.define("mlm_board", {
  id: model.id({ prefix: "mlmboard" }).primaryKey(),
  board_key: model.text(),
  stage: model.number(),
  status: model.enum(["open", "full", "split"]).default("open"),
  capacity: model.number(),
  split_from_id: model.text().nullable(),
  filled_at: model.dateTime().nullable(),
})
