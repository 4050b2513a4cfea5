/**
 * How a currency's runs follow one another (docs/periods.md). A period's binary carry in is the
 * carry out of the closed run of the latest period before it, so periods close in order: a run
 * refuses while an earlier period of its currency is still open (its carry is not final), and no
 * run may start before a period that is closed already (its carry would never flow on).
 * Periods compare by their UTC bounds, so a plan that changed from monthly to weekly still
 * orders correctly; overlapping periods are neither before nor after each other.
 */
import { periodBounds, type PeriodKind } from "../domain/period-key"
import type { PeriodRunStatus } from "./run-rows"

export interface ChainRun {
  id: string
  period_key: string
  status: PeriodRunStatus
}

export interface PeriodChain {
  /** The closed run of the latest period ending at or before this one's start. */
  carryFrom: ChainRun | null
  /** The earliest run before this period that is not closed. */
  openBefore: ChainRun | null
  /** The latest closed run of a period after this one. */
  closedAfter: ChainRun | null
}

export function periodChain(runs: readonly ChainRun[], periodKey: string): PeriodChain {
  const { start, end } = periodBounds(periodKey)
  const others = runs
    .filter((run) => run.period_key !== periodKey)
    .map((run) => ({ run, ...periodBounds(run.period_key) }))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
  const before = others.filter((other) => other.end.getTime() <= start.getTime())
  const carryFrom = before.filter((other) => other.run.status === "closed").pop() ?? null
  // An open run older than the carry source does not hold this period back: a later period
  // closed after it, so its carry was superseded.
  const openBefore = before.find(
    (other) => other.run.status !== "closed" && (!carryFrom || other.start.getTime() >= carryFrom.end.getTime())
  )
  const closedAfter = others.filter((other) => other.start.getTime() >= end.getTime() && other.run.status === "closed").pop()
  return { carryFrom: carryFrom?.run ?? null, openBefore: openBefore?.run ?? null, closedAfter: closedAfter?.run ?? null }
}

/** `2026-W47` is a weekly period, `2026-11` a monthly one (domain/period-key.ts). */
export function periodKindOf(periodKey: string): PeriodKind {
  return /-W\d\d$/.test(periodKey) ? "weekly" : "monthly"
}
