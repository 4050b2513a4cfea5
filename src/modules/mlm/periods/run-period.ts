/**
 * One period run, database to database (docs/periods.md): claim the run, then
 * `load` (load.ts; a binary plan's unseated members are seated, seat.ts, and read again) → `compute` (`computePeriodBatch`, pure) → `write` (write.ts). Progress
 * (0–100) and phase go to mlm_period_run as separate short statements while it runs, so the
 * admin API can show them: load 0–40, compute 40–60, write 60–100. The run ends `computed` with a
 * summary (lines and total per bonus, rows written, timings per phase), or `failed` with the
 * error. A closed run is refused before anything is read. No Medusa import: the queue worker and
 * the tests run it on a `pg` pool, the module on Medusa's knex.
 */
import { performance } from "node:perf_hooks"
import { parsePlan } from "../../../engine"
import { PERIOD_BONUSES, computePeriodBatch, type PeriodLines } from "../../../engine/batch"
import type { SqlDb } from "../commissions/sql-db"
import { periodBounds } from "../domain/period-key"
import { selectActivePlanVersion } from "../repositories/plan-sql"
import { loadPeriod } from "./load"
import { PeriodRunClosedError, PeriodRunInputError, PeriodRunNotFoundError } from "./errors"
import { periodChain, periodKindOf } from "./period-chain"
import { claimRun, failRun, reportProgress, selectCurrencyRuns, selectRun, setRunPlanVersion, type PeriodPhase } from "./run-rows"
import { seatUnplacedMembers } from "./seat"
import { writePeriodResults, type WriteOutcome } from "./write"

export interface PeriodRunOutcome {
  outcome: WriteOutcome["kind"]
  summary: Record<string, unknown>
}

const PHASE_SPAN: Record<Exclude<PeriodPhase, "done">, readonly [number, number]> = {
  load: [0, 40],
  compute: [40, 60],
  write: [60, 100],
}

export async function runPeriod(db: SqlDb, runId: string): Promise<PeriodRunOutcome> {
  const claimed = await claimRun(db.exec, runId)
  if (!claimed) {
    const run = await selectRun(db.exec, runId)
    throw run ? new PeriodRunClosedError(runId, "re-run") : new PeriodRunNotFoundError(runId)
  }
  const report = (phase: Exclude<PeriodPhase, "done">, done: number) => {
    const [from, to] = PHASE_SPAN[phase]
    return reportProgress(db.exec, runId, phase, from + (to - from) * done)
  }
  const started = performance.now()
  try {
    const { start, end } = periodBounds(claimed.period_key)
    // The plan in force when the period ends decides its close (docs/periods.md).
    const version = await selectActivePlanVersion(db.exec, claimed.currency_code, new Date(end.getTime() - 1))
    if (!version) throw new PeriodRunInputError(`No plan version for ${claimed.currency_code} is in force at the end of ${claimed.period_key}`)
    const kind = periodKindOf(claimed.period_key)
    if (version.period !== kind) {
      throw new PeriodRunInputError(`The plan version in force (${version.id}) is ${version.period}, but ${claimed.period_key} is a ${kind} period`)
    }
    await setRunPlanVersion(db.exec, runId, version.id)
    const plan = parsePlan(version.definition)
    const chain = periodChain(await selectCurrencyRuns(db.exec, claimed.currency_code), claimed.period_key)
    if (chain.openBefore) {
      throw new PeriodRunInputError(
        `Period ${chain.openBefore.period_key} (run ${chain.openBefore.id}) is not closed: close it first, its carry is the carry into ${claimed.period_key}`
      )
    }
    if (chain.closedAfter) {
      throw new PeriodRunInputError(`A later period (${chain.closedAfter.period_key}) is closed already: ${claimed.period_key} can no longer run`)
    }

    await report("load", 0)
    const target = { periodKey: claimed.period_key, currencyCode: claimed.currency_code, periodEnd: end, planId: version.plan_id, plan, carryRunId: chain.carryFrom?.id ?? null }
    let loaded = await loadPeriod(db, target, (done) => report("load", done))
    // Members of a binary plan without a seat are in no leg: seat every unseated distributor by
    // the plan's policy (seat.ts), then read again. A fully seated tree costs nothing more.
    const binary = plan.components.find((component) => component.type === "binary")
    let seated = 0
    const seatStarted = performance.now()
    if (loaded.stats.unplaced > 0 && binary && binary.placement !== "weaker_leg_volume_bfs") {
      seated = await seatUnplacedMembers(db, version.plan_id, binary.placement)
      if (seated > 0) loaded = await loadPeriod(db, target, async () => undefined)
    }
    const seatMs = performance.now() - seatStarted
    const loadedAt = performance.now()
    await report("compute", 0)
    const result = computePeriodBatch(plan, loaded.input)
    const computedAt = performance.now()
    await report("write", 0)
    let summary: Record<string, unknown> = {}
    const outcome = await writePeriodResults(
      db,
      { runId, claimedRuns: claimed.runs, nodeIds: loaded.nodeIds, result, rankNames: plan.ranks ? plan.ranks.map((rank) => rank.name) : null },
      (done) => report("write", done),
      (counts) => (summary = {
        plan_version_id: version.id,
        period_start: start.toISOString(),
        period_end: end.toISOString(),
        carry_from_run_id: chain.carryFrom?.id ?? null,
        ranks_evaluated: plan.ranks !== undefined,
        ...loaded.stats,
        seated,
        lines: linesByBonus(result.lines),
        lines_count: result.lines.count,
        result_rows: counts.resultRows,
        member_rows: counts.memberRows,
        timings_ms: {
          load: Math.round(loadedAt - started - seatMs),
          seat: Math.round(seatMs),
          compute: Math.round(computedAt - loadedAt),
          write: Math.round(performance.now() - computedAt),
          write_insert: counts.insertMs,
          total: Math.round(performance.now() - started),
        },
      })
    )
    if (outcome.cleanupMs !== undefined) {
      // Deleting the previous attempt's rows comes after the results are current; its time is
      // added to the summary once known (not part of `total`: the run was computed before it).
      const timings = summary.timings_ms as Record<string, number>
      timings.write_cleanup = outcome.cleanupMs
      await db.exec(`UPDATE mlm_period_run SET summary = jsonb_set(summary, '{timings_ms,write_cleanup}', to_jsonb($2::int)) WHERE id = $1 AND summary IS NOT NULL`, [
        runId,
        outcome.cleanupMs,
      ])
    }
    return { outcome: outcome.kind, summary }
  } catch (error) {
    await failRun(db.exec, runId, claimed.runs, describe(error)).catch(() => undefined)
    throw error
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === "Error" ? error.message : `${error.name}: ${error.message}`
  return String(error)
}

function linesByBonus(lines: PeriodLines): Record<string, { count: number; total_minor: number }> {
  const out: Record<string, { count: number; total_minor: number }> = {}
  for (let row = 0; row < lines.count; row++) {
    const bonus = PERIOD_BONUSES[lines.bonus[row]]
    const entry = (out[bonus] ??= { count: 0, total_minor: 0 })
    entry.count++
    entry.total_minor += lines.cents[row]
  }
  return out
}
