import { model } from "@medusajs/framework/utils"

/**
 * A distributor: a Medusa customer (module link) placed in the sponsor tree. The tree columns
 * `path` (int[] of node_ids, root..self), `path_key` (its first 256 elements, the btree key) and
 * `depth` are not in this DML: they are PostgreSQL-only (generated column, int[]) and are added
 * by the hand-written migration; every write to them goes through repositories/*.ts SQL.
 */
export const Distributor = model
  .define("mlm_distributor", {
    id: model.id({ prefix: "mlmdist" }).primaryKey(),
    // The integer used in paths; a sequence, so never guessable-from or leaking the public id.
    node_id: model.autoincrement(),
    // Null only for the house (check constraint in the SQL migration).
    customer_id: model.text().nullable(),
    referral_code: model.text(),
    status: model.enum(["pending", "active", "suspended", "terminated"]).default("pending"),
    sponsor_id: model.text().nullable(),
    is_house: model.boolean().default(false),
    enrolled_at: model.dateTime(),
  })
  .indexes([{ on: ["status"] }])
