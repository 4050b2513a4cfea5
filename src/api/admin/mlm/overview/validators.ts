import { z } from "@medusajs/framework/zod"
import { periodBounds } from "../../../../modules/mlm/domain/period-key"

const PERIOD_KEY = /^\d{4}-(\d{2}|W\d{2})$/

const namesPeriod = (key: string) => {
  try {
    periodBounds(key)
    return true
  } catch {
    return false
  }
}

/** `period_key`: a calendar month (`2026-11`) or an ISO week (`2026-W47`), UTC; default the current month. */
export const AdminOverviewQuery = z
  .object({
    // One message per request: a malformed key is not also "no such period".
    period_key: z
      .string()
      .superRefine((key, ctx) => {
        if (!PERIOD_KEY.test(key)) ctx.addIssue({ code: "custom", message: "period_key must be a month (2026-11) or an ISO week (2026-W47)" })
        else if (!namesPeriod(key)) ctx.addIssue({ code: "custom", message: "period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)" })
      })
      .optional(),
  })
  .strict()
export type AdminOverviewQueryType = z.infer<typeof AdminOverviewQuery>
