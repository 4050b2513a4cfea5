import { z } from "@medusajs/framework/zod"
import { idField, reasonField } from "../../../mlm-request-fields"

export const AdminOrderCommissionParams = z.object({ order_id: idField("order_id") }).strict()

const reason = reasonField("reason").optional()
const positiveMinor = () => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/**
 * A manual adjustment (a refund made outside Medusa, a return received by hand, a cancellation).
 * The variants mirror the commission queue's adjustment job (commissions/jobs.ts), which is
 * what the route turns them into.
 */
export const AdminCreateCommissionAdjustment = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("refund"), refund_minor: positiveMinor(), reason }).strict(),
    z
      .object({
        type: z.literal("return"),
        items: z
          .array(
            z
              .object({
                item_id: idField("item_id"),
                quantity: z.number().int().min(1).max(1_000_000),
              })
              .strict()
          )
          .min(1)
          .max(1000),
        reason,
      })
      .strict(),
    z.object({ type: z.literal("cancel"), reason }).strict(),
  ],
  { error: "type must be one of 'refund', 'return', 'cancel'" }
)
export type AdminCreateCommissionAdjustmentType = z.infer<typeof AdminCreateCommissionAdjustment>
