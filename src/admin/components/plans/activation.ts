/**
 * The activation form's date: an `<input type="datetime-local">` value is a wall-clock time in
 * the admin's time zone with no offset; the API wants an instant with `Z` or an offset
 * (AdminActivatePlan), and refuses one more than five minutes in the past.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** "2026-12-01T00:00" (local wall clock) → "2026-11-30T23:00:00.000Z" in UTC+1; null when malformed. */
export function effectiveFromInstant(localText: string): string | null {
  const match = LOCAL_DATE_TIME.exec(localText.trim())
  if (!match) return null
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)))
  const date = new Date(year, month - 1, day, hour, minute, second)
  // new Date rolls 2026-02-30 over to March: a date that does not exist is refused instead.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour) return null
  return date.toISOString()
}

/** The input's value for an instant, in the admin's time zone (minutes precision). */
export function localInputValue(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0")
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`
}

/** Why the server would refuse this instant, checked before sending (the server decides anyway). */
export function effectiveFromProblem(instant: string | null, nowMs: number): string | null {
  if (instant === null) return "Enter a date and time"
  if (Date.parse(instant) < nowMs - 5 * 60_000) return "The date must not be in the past"
  return null
}
