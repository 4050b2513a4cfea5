/**
 * What the admin API and the scheduler use of period runs (docs/periods.md), exposed by the
 * module service as `periodRuns()`. Creating or re-running records the request in
 * mlm_period_run and hands it to a dispatch: the BullMQ queue when Redis is configured, else the
 * same process (queue.ts). Reading is plain SQL on the run and result tables.
 *
 * The plan version of a run is the one in force at the period's last instant: a period closes
 * under the rules in force when it ends, as the replay engine's close_period does.
 */
import { randomBytes } from "node:crypto"
import type { SqlDb } from "../commissions/sql-db"
import { periodBounds, periodKeyOf, type PeriodKind } from "../domain/period-key"
import { selectActivePlanVersion } from "../repositories/plan-sql"
import { closePeriodRun, type CloseOutcome } from "./close"
import { PeriodRunClosedError, PeriodRunNotFoundError, PeriodRunRequestError, PeriodRunStateError } from "./errors"
import { periodChain, periodKindOf } from "./period-chain"
import {
  insertRun,
  requestRun,
  selectCurrencyRuns,
  selectResultPage,
  selectRun,
  selectRunOfPeriod,
  selectRunPage,
  type PeriodRunDTO,
  type PeriodRunStatus,
} from "./run-rows"

/** Starts a run somewhere; false when it could not be handed over (Redis down). */
export type PeriodDispatch = (runId: string, runs: number) => Promise<boolean>

export class PeriodRuns {
  constructor(
    readonly db: SqlDb,
    private readonly dispatch: PeriodDispatch,
    private readonly now: () => Date = () => new Date()
  ) {}

  /** Creates the run of a period and queues it; an existing run that is not closed is re-run. */
  async create(input: { period_key: string; currency_code: string }): Promise<{ run: PeriodRunDTO; created: boolean }> {
    const { period_key: periodKey, currency_code: currencyCode } = input
    const existing = await selectRunOfPeriod(this.db.exec, periodKey, currencyCode)
    if (existing) {
      if (existing.status === "closed") throw new PeriodRunClosedError(existing.id, "re-run")
      return { run: await this.rerun(existing.id), created: false }
    }
    const { start, end } = periodBounds(periodKey)
    if (start.getTime() > this.now().getTime()) throw new PeriodRunRequestError(`Period ${periodKey} has not started yet`)
    const version = await selectActivePlanVersion(this.db.exec, currencyCode, new Date(end.getTime() - 1))
    if (!version) throw new PeriodRunRequestError(`No plan version for ${currencyCode} is in force at the end of ${periodKey}`)
    if (version.period !== periodKindOf(periodKey)) {
      throw new PeriodRunRequestError(`The plan for ${currencyCode} is ${version.period}: ${periodKey} is not a ${version.period} period`)
    }
    const chain = periodChain(await selectCurrencyRuns(this.db.exec, currencyCode), periodKey)
    if (chain.closedAfter) {
      throw new PeriodRunStateError(`A later period (${chain.closedAfter.period_key}) of ${currencyCode} is closed: ${periodKey} can no longer run`)
    }
    const run = await insertRun(this.db.exec, { id: newRunId(), periodKey, currencyCode, planVersionId: version.id })
    // Lost a race with a concurrent create of the same period: that one is the run.
    if (!run) return this.create(input)
    return { run: await this.handOver(run), created: true }
  }

  async rerun(runId: string): Promise<PeriodRunDTO> {
    const run = await requestRun(this.db.exec, runId)
    if (!run) {
      if (await selectRun(this.db.exec, runId)) throw new PeriodRunClosedError(runId, "re-run")
      throw new PeriodRunNotFoundError(runId)
    }
    return this.handOver(run)
  }

  close(runId: string, actorId: string | null): Promise<CloseOutcome> {
    return closePeriodRun(this.db, runId, actorId, this.now())
  }

  async get(runId: string): Promise<PeriodRunDTO> {
    const run = await selectRun(this.db.exec, runId)
    if (!run) throw new PeriodRunNotFoundError(runId)
    return run
  }

  list(page: { limit: number; offset: number; status: PeriodRunStatus | null }) {
    return selectRunPage(this.db.exec, page)
  }

  async results(runId: string, page: { limit: number; offset: number }) {
    const run = await this.get(runId)
    return { run, ...(await selectResultPage(this.db.exec, runId, page)) }
  }

  /**
   * The scheduler's pass: per currency with a plan version in force, the run of the period that
   * just ended (weekly or monthly as that version says), created and queued unless it exists.
   * Returns the ids of the runs created.
   */
  async createEndedPeriods(now: Date): Promise<string[]> {
    const versions = await this.db.exec<{ currency_code: string; period: PeriodKind }>(
      `SELECT DISTINCT ON (currency_code) currency_code, period FROM mlm_plan_version
        WHERE effective_from <= $1 ORDER BY currency_code, effective_from DESC`,
      [now]
    )
    const created: string[] = []
    for (const { currency_code: currencyCode, period } of versions) {
      const currentStart = periodBounds(periodKeyOf(period, now)).start
      const endedKey = periodKeyOf(period, new Date(currentStart.getTime() - 1))
      if (await selectRunOfPeriod(this.db.exec, endedKey, currencyCode)) continue
      try {
        const { run, created: isNew } = await this.create({ period_key: endedKey, currency_code: currencyCode })
        if (isNew) created.push(run.id)
      } catch (error) {
        // One currency's problem (no version at that period's end, a later period closed) must
        // not keep the others from running; the next day's pass tries again.
        if (!(error instanceof PeriodRunRequestError || error instanceof PeriodRunStateError)) throw error
      }
    }
    return created
  }

  private async handOver(run: PeriodRunDTO): Promise<PeriodRunDTO> {
    if (await this.dispatch(run.id, run.runs)) return run
    const [failed] = await this.db.exec<PeriodRunDTO>(
      `UPDATE mlm_period_run SET status = 'failed', error = $3, finished_at = now()
        WHERE id = $1 AND status = 'queued' AND runs = $2 RETURNING *`,
      [run.id, run.runs, "The period queue (Redis) did not take the job: re-run when it answers again"]
    )
    return failed ?? run
  }
}

/** Same shape as Medusa's ids (`prefix_` + 26 characters), without importing Medusa here. */
function newRunId(): string {
  const time = Date.now().toString(36).toUpperCase().padStart(10, "0")
  return `mlmprun_${time}${randomBytes(10).toString("hex").toUpperCase().slice(0, 16)}`
}
