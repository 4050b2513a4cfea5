/**
 * Commission periods (docs/ledger.md): "monthly" = calendar month in UTC (`2026-11`), "weekly" =
 * ISO 8601 week in UTC (`2026-W47`, weeks start on Monday; the week-year can differ from the
 * calendar year around New Year).
 */
export type PeriodKind = "weekly" | "monthly"

export function periodKeyOf(kind: PeriodKind, at: Date): string {
  if (kind === "monthly") return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  const weekday = day.getUTCDay() || 7
  // The Thursday of this ISO week decides its week-year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const weekYear = day.getUTCFullYear()
  const week = Math.ceil(((day.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7)
  return `${weekYear}-W${String(week).padStart(2, "0")}`
}

/** [start, end) of the period a key names, in UTC. */
export function periodBounds(key: string): { start: Date; end: Date } {
  const monthly = /^(\d{4})-(\d{2})$/.exec(key)
  if (monthly) {
    const year = Number(monthly[1])
    const month = Number(monthly[2]) - 1
    if (month < 0 || month > 11) throw new Error(`Unknown period key ${key}`)
    return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) }
  }
  const weekly = /^(\d{4})-W(\d{2})$/.exec(key)
  if (weekly) {
    const year = Number(weekly[1])
    const week = Number(weekly[2])
    const jan4 = new Date(Date.UTC(year, 0, 4))
    const mondayOfWeek1 = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() || 7) - 1))
    const start = new Date(mondayOfWeek1 + (week - 1) * 7 * 86_400_000)
    if (week < 1 || week > 53 || periodKeyOf("weekly", start) !== key) throw new Error(`Unknown period key ${key}`)
    return { start, end: new Date(start.getTime() + 7 * 86_400_000) }
  }
  throw new Error(`Unknown period key ${key}`)
}
