/**
 * ISO 8601 instants (spec "Validation": times carry `Z` or an offset and compare as instants).
 * Parsed by hand so a time like 2026-02-30 is rejected instead of silently rolled over.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/

export const MS_PER_DAY = 86_400_000

/** Milliseconds since the epoch, or undefined when `text` is not a valid instant. */
export function parseInstantMs(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s = "0", frac = "0", zulu, sign, oh, om] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  const millis = Number(frac.padEnd(3, "0"))
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, millis)
  if (date.getUTCDate() !== day) return undefined
  const local = date.getTime()
  if (zulu) return local
  const offsetHours = Number(oh)
  const offsetMinutes = Number(om)
  if (offsetHours > 23 || offsetMinutes > 59) return undefined
  const offsetMs = (offsetHours * 60 + offsetMinutes) * 60_000
  return sign === "+" ? local - offsetMs : local + offsetMs
}
