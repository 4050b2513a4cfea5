import { z } from "@medusajs/framework/zod"
import { bankDetailsSchema, personalChangesSchema } from "../../../../modules/mlm/security/private-fields"
import { limitField, offsetField, reasonField } from "../../../mlm-request-fields"

/**
 * Requests of the personal-data routes, admin and store (docs/security.md). The field rules live
 * with the module (security/private-fields.ts) so the service checks the very same ones.
 */

/** `?reveal=true` returns plaintext (audited); anything but "true"/"false" is a 400. */
export const PrivateReadQuery = z
  .object({ reveal: z.enum(["true", "false"]).optional().transform((reveal) => reveal === "true") })
  .strict()
export type PrivateReadQueryType = z.infer<typeof PrivateReadQuery>

export const PrivateNoQuery = z.object({}).strict()

/** tax_id, date_of_birth, phone: absent = unchanged, null = cleared; at least one. */
export const PrivatePersonalBody = personalChangesSchema
export type PrivatePersonalBodyType = z.infer<typeof PrivatePersonalBody>

/** Payout bank details: a provider token and the last four digits, never a card number. */
export const PrivateBankBody = bankDetailsSchema
export type PrivateBankBodyType = z.infer<typeof PrivateBankBody>

export const PrivateExportBody = z.object({}).strict()

export const PrivateEraseBody = z.object({ reason: reasonField("reason") }).strict()
export type PrivateEraseBodyType = z.infer<typeof PrivateEraseBody>

export const DuplicateTaxIdsQuery = z.object({ limit: limitField(), offset: offsetField() }).strict()
export type DuplicateTaxIdsQueryType = z.infer<typeof DuplicateTaxIdsQuery>

export const privateQueryConfig = { isList: false }
export const duplicatesQueryConfig = { isList: true, defaultLimit: 20 }
