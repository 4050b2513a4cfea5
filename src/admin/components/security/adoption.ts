import type { SecuritySummary } from "./security-types"

/** The security page's arithmetic on the summary: shares as whole percents, and each holder's factor. */

/** `part` of `whole` as a whole percent, rounded down (99.9 % is not "100 %"); null for an empty whole. */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null
  return Math.floor((part * 100) / whole)
}

export function adoptionText(part: number, whole: number): string {
  const percent = percentOf(part, whole)
  return percent === null ? "nobody yet" : `${part} of ${whole} (${percent}%)`
}

export type HolderFactor = "confirmed" | "pending" | "none" | "unknown"

/**
 * A role holder's factor from the summary: listed as unconfirmed, or confirmed. When the summary's
 * list was cut short, a holder it does not name may still be unconfirmed: "unknown".
 */
export function holderFactor(summary: SecuritySummary | undefined, userId: string): HolderFactor {
  if (!summary) return "unknown"
  const listed = summary.admin_users.unconfirmed.find((holder) => holder.user_id === userId)
  if (listed) return listed.factor
  return summary.admin_users.unconfirmed_truncated ? "unknown" : "confirmed"
}
