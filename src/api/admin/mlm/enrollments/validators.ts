import { z } from "@medusajs/framework/zod"
import { idField, limitField, offsetField } from "../../../mlm-request-fields"

export const CHECKOUT_OUTCOMES = ["enrolled", "already_distributor", "attributed", "skipped"] as const

export const AdminListEnrollmentsQuery = z
  .object({
    order_id: idField("order_id").optional(),
    customer_id: idField("customer_id").optional(),
    outcome: z.enum(CHECKOUT_OUTCOMES).optional(),
    limit: limitField(),
    offset: offsetField(),
  })
  .strict()
export type AdminListEnrollmentsQueryType = z.infer<typeof AdminListEnrollmentsQuery>
