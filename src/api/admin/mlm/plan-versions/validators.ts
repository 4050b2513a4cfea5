import { z } from "@medusajs/framework/zod"
import { isoInstantField } from "../plans/validators"

/** `currency_code` in either case (Medusa writes "usd", plans say "USD"); `at` defaults to now. */
export const AdminActivePlanVersionQuery = z
  .object({
    currency_code: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "currency_code must be a three-letter ISO 4217 code")
      .transform((code) => code.toUpperCase()),
    at: isoInstantField("at").optional(),
  })
  .strict()
export type AdminActivePlanVersionQueryType = z.infer<typeof AdminActivePlanVersionQuery>
