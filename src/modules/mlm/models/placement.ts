import { model } from "@medusajs/framework/utils"

/**
 * A seat in a forced placement tree (binary or matrix), separate from the sponsor relation: a
 * member can sit under someone other than its sponsor. `tree_key` names one tree (one per plan).
 * `position` is the side (0 = left, 1 = right) or the matrix slot (0..width-1). The placement
 * `path` (int[] of distributor node_ids) is added by the SQL migration, like the sponsor path.
 * The plain unique indexes (one seat per position, one seat per member) are in SQL too.
 */
export const Placement = model.define("mlm_placement", {
  id: model.id({ prefix: "mlmplc" }).primaryKey(),
  tree_type: model.enum(["binary", "matrix"]),
  tree_key: model.text(),
  distributor_id: model.text(),
  parent_placement_id: model.text().nullable(),
  position: model.number().nullable(),
  depth: model.number(),
})
