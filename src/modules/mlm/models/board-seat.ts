import { model } from "@medusajs/framework/utils"

/** One seat on a board; (board_id, position) and (board_id, distributor_id) are unique in SQL. */
export const BoardSeat = model.define("mlm_board_seat", {
  id: model.id({ prefix: "mlmseat" }).primaryKey(),
  board_id: model.text(),
  distributor_id: model.text(),
  position: model.number(),
  seated_at: model.dateTime(),
})
