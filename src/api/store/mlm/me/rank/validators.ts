import { z } from "@medusajs/framework/zod"
import { currencyCodeField, periodKeyField } from "../volumes/back-office-fields"

/**
 * The rank card is the caller's own. `currency_code` picks the plan when versions are in force
 * for several currencies; `period_key` (of the plan's kind) looks at a period other than the
 * current one.
 */
export const StoreRankQuery = z
  .object({ currency_code: currencyCodeField().optional(), period_key: periodKeyField().optional() })
  .strict()
export type StoreRankQueryType = z.infer<typeof StoreRankQuery>

export const storeRankQueryConfig = {
  defaults: ["current_rank", "qualified_rank", "next_rank", "volumes", "ranks"],
  allowed: ["current_rank", "qualified_rank", "next_rank", "volumes", "ranks"],
  isList: false,
}
