import { z } from "@medusajs/framework/zod"
import { periodBounds } from "../../../../modules/mlm/domain/period-key"
import { PERIOD_RUN_STATUSES } from "../../../../modules/mlm/periods/run-rows"
import { idField, limitField, offsetField } from "../../../mlm-request-fields"

/**
 * Period run requests (docs/periods.md). A period key is a calendar month (`2026-11`) or an ISO
 * week (`2026-W47`), both UTC; a week 53 only exists in some years, so the key is checked by the
 * same function that computes its bounds.
 */

const isPeriodKey = (key: string) => {
  try {
    periodBounds(key)
    return true
  } catch {
    return false
  }
}

const periodKeyField = () =>
  z
    .string()
    .max(8)
    .regex(/^\d{4}-(\d{2}|W\d{2})$/, "period_key must be a month (2026-11) or an ISO week (2026-W47)")
    .refine(isPeriodKey, "period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)")

// Medusa writes currency codes in lower case, plans in upper case: either is accepted.
const currencyField = () =>
  z
    .string()
    .regex(/^[A-Za-z]{3}$/, "currency_code must be a three-letter ISO 4217 code")
    .transform((code) => code.toUpperCase())

export const AdminPeriodRunParams = z.object({ id: idField("id") }).strict()

export const AdminCreatePeriodRun = z.object({ period_key: periodKeyField(), currency_code: currencyField() }).strict()
export type AdminCreatePeriodRunType = z.infer<typeof AdminCreatePeriodRun>

export const AdminListPeriodRunsQuery = z
  .object({ limit: limitField(), offset: offsetField(), status: z.enum(PERIOD_RUN_STATUSES).optional() })
  .strict()
export type AdminListPeriodRunsQueryType = z.infer<typeof AdminListPeriodRunsQuery>

export const AdminPeriodResultsQuery = z.object({ limit: limitField(), offset: offsetField() }).strict()
export type AdminPeriodResultsQueryType = z.infer<typeof AdminPeriodResultsQuery>

/** Routes without query parameters or body still reject any that are sent. */
export const AdminPeriodRunNoQuery = z.object({}).strict()
export const AdminPeriodRunNoBody = z.object({}).strict()
