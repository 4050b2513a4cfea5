import { z } from "@medusajs/framework/zod"
import { depthField, limitField, offsetField, referralCodeField } from "../../mlm-request-fields"

export const StoreMeQuery = z.object({}).strict()

export const STORE_DOWNLINE_ORDERS = ["level", "enrolled_at", "referral_code"] as const

export const StoreMyDownlineQuery = z
  .object({
    depth: depthField().optional(),
    limit: limitField(),
    offset: offsetField(),
    order: z.enum(STORE_DOWNLINE_ORDERS).default("level"),
  })
  .strict()
export type StoreMyDownlineQueryType = z.infer<typeof StoreMyDownlineQuery>

export const StoreEnroll = z.object({ referral_code: referralCodeField("referral_code") }).strict()
export type StoreEnrollType = z.infer<typeof StoreEnroll>
