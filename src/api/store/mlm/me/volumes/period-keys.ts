import { periodBounds, periodKeyOf, type PeriodKind } from "../../../../../modules/mlm/domain/period-key"

/** Period keys the back office walks through (docs/periods.md: months and ISO weeks, UTC). */

/** The period containing `at` and the `count - 1` before it, newest first. */
export function lastPeriodKeys(kind: PeriodKind, at: Date, count: number): string[] {
  const keys = [periodKeyOf(kind, at)]
  while (keys.length < count) {
    const start = periodBounds(keys[keys.length - 1]).start
    keys.push(periodKeyOf(kind, new Date(start.getTime() - 1)))
  }
  return keys
}

/** The kind of period a key names. */
export function periodKindOf(key: string): PeriodKind {
  return key.includes("W") ? "weekly" : "monthly"
}

/** A period's last instant: when its run's lines count as earned (and the plan it closes under). */
export function lastInstantOf(key: string): Date {
  return new Date(periodBounds(key).end.getTime() - 1)
}

/**
 * Every month and ISO week whose last instant lies in [from, to): the periods whose run lines a
 * statement of that range shows, whichever kind the store's plan uses. Ranges are bounded by
 * the validator (a year), so this is at most a few dozen keys.
 */
export function periodKeysEndingIn(from: Date, to: Date): { keys: string[]; lastInstants: Date[] } {
  const keys: string[] = []
  const lastInstants: Date[] = []
  for (const kind of ["monthly", "weekly"] as const) {
    let key = periodKeyOf(kind, from)
    for (;;) {
      const last = lastInstantOf(key)
      if (last.getTime() >= to.getTime()) break
      if (last.getTime() >= from.getTime()) {
        keys.push(key)
        lastInstants.push(last)
      }
      key = periodKeyOf(kind, periodBounds(key).end)
    }
  }
  return { keys, lastInstants }
}
