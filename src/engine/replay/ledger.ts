/**
 * The lines posted during a replay, in posting order. Lines are never edited: a refund or a
 * clawback posts new lines (spec "events": a refund never edits earlier lines).
 */
import type { Bonus, Line } from "../types"
import type { Network } from "./network"

export class Ledger {
  readonly lines: Line[] = []
  /** Member index of each line's payee, parallel to `lines`. */
  readonly payees: number[] = []
  /** Index of the first line posted in the open period (matching reads from here). */
  periodStart = 0

  constructor(private readonly network: Network) {}

  /** Posts one line; zero-cent lines are never written (spec "result"). */
  post(payee: number, bonus: Bonus, level: number | undefined, source: string, cents: number): void {
    if (cents === 0) return
    const line: Line = level === undefined
      ? { to: this.network.ids[payee], bonus, source, cents }
      : { to: this.network.ids[payee], bonus, level, source, cents }
    this.lines.push(line)
    this.payees.push(payee)
  }

  startPeriod(): void {
    this.periodStart = this.lines.length
  }
}
