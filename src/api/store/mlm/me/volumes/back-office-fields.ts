import { z } from "@medusajs/framework/zod"
import { parseInstantMs } from "../../../../../engine/time"
import { periodBounds } from "../../../../../modules/mlm/domain/period-key"

/**
 * Query fields of the back-office routes. Each names itself in its messages: Medusa reports a
 * format error with the bare issue message.
 */

const PERIOD_KEY_FORMAT = /^\d{4}-(\d{2}|W\d{2})$/

const isPeriodKey = (key: string) => {
  try {
    periodBounds(key)
    return true
  } catch {
    return false
  }
}

/** A calendar month (`2026-11`) or an ISO week (`2026-W47`), UTC; week 53 only where it exists. */
export const periodKeyField = () =>
  z
    .string()
    .regex(PERIOD_KEY_FORMAT, "period_key must be a month (2026-11) or an ISO week (2026-W47)")
    // zod runs this after a failed regex too: leave malformed keys to the regex's one message.
    .refine((key) => !PERIOD_KEY_FORMAT.test(key) || isPeriodKey(key), "period_key names no month or ISO week (months 01-12, weeks 01-52 or 53)")

// Medusa writes currency codes in lower case, plans in upper case: either is accepted.
export const currencyCodeField = () =>
  z
    .string()
    .regex(/^[A-Za-z]{3}$/, "currency_code must be a three-letter ISO 4217 code")
    .transform((code) => code.toUpperCase())

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** A date (`2026-11-01`, midnight UTC) or an ISO 8601 instant with `Z` or an offset. */
export const instantField = (field: string) =>
  z
    .string()
    .max(40, `${field} must be a date (2026-11-01) or an ISO 8601 time with Z or an offset`)
    .transform((text, ctx) => {
      const ms = parseInstantMs(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text)
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: `${field} must be a date (2026-11-01) or an ISO 8601 time with Z or an offset` })
        return z.NEVER
      }
      return new Date(ms)
    })
