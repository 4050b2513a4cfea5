import { z } from "@medusajs/framework/zod"
import { currencyCodeField } from "./back-office-fields"

/** Two years of monthly periods at most; weekly plans get 24 weeks. */
export const VOLUME_PERIODS_MAX = 24
export const VOLUME_PERIODS_DEFAULT = 6

export const StoreVolumesQuery = z
  .object({
    periods: z.coerce.number().int().min(1).max(VOLUME_PERIODS_MAX).default(VOLUME_PERIODS_DEFAULT),
    currency_code: currencyCodeField().optional(),
  })
  .strict()
export type StoreVolumesQueryType = z.infer<typeof StoreVolumesQuery>

export const storeVolumesQueryConfig = {
  defaults: ["period_key", "starts_at", "ends_at", "pv_minor", "gv_minor"],
  allowed: ["period_key", "starts_at", "ends_at", "pv_minor", "gv_minor"],
  isList: false,
}
