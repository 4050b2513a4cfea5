import { z } from "@medusajs/framework/zod"
import { idField } from "../../../mlm-request-fields"

/**
 * Commissionable value rules (docs/plans.md "CV rule"): a share of the price in basis points, or
 * a fixed CV per unit in minor units of one currency. Exactly one form per request.
 */

export const VARIANT_CV_LIST_MAX = 100

export const AdminVariantParams = z.object({ variant_id: idField("variant_id") }).strict()

export const AdminVariantCvNoQuery = z.object({}).strict()

export const AdminSetVariantCv = z
  .object({
    cv_bp: z.number().int().min(0).max(10000).optional(),
    cv_minor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    currency_code: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "currency_code must be a three-letter ISO 4217 code")
      .transform((code) => code.toUpperCase())
      .optional(),
  })
  .strict()
  .refine(
    (body) =>
      body.cv_bp !== undefined
        ? body.cv_minor === undefined && body.currency_code === undefined
        : body.cv_minor !== undefined && body.currency_code !== undefined,
    { message: "Give either cv_bp, or cv_minor with currency_code" }
  )
export type AdminSetVariantCvType = z.infer<typeof AdminSetVariantCv>

/** `?variant_id=a&variant_id=b`: one or more ids, at most VARIANT_CV_LIST_MAX. */
export const AdminListVariantCvQuery = z
  .object({
    variant_id: z
      .union([idField("variant_id"), z.array(idField("variant_id"))])
      .transform((ids) => (Array.isArray(ids) ? ids : [ids]))
      .pipe(z.array(z.string()).min(1).max(VARIANT_CV_LIST_MAX)),
  })
  .strict()
export type AdminListVariantCvQueryType = z.infer<typeof AdminListVariantCvQuery>
