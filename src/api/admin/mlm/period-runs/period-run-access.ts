import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import {
  PeriodRunClosedError,
  PeriodRunInputError,
  PeriodRunNotFoundError,
  PeriodRunRequestError,
  PeriodRunStateError,
} from "../../../../modules/mlm/periods/errors"
import type { PeriodRuns } from "../../../../modules/mlm/periods/period-runs"
import type { PeriodRunDTO } from "../../../../modules/mlm/periods/run-rows"
import { mlmService } from "../../../mlm-service"

/**
 * The routes' way to period runs: the module's PeriodRuns, with its errors turned into Medusa's
 * (404 not found, 400 a request that cannot have a run, 409 a run in the wrong state), so a
 * handler never answers 500 for a domain refusal.
 */
export async function withPeriodRuns<T>(scope: MedusaContainer, work: (runs: PeriodRuns) => Promise<T>): Promise<T> {
  const runs = await mlmService(scope).periodRuns()
  try {
    return await work(runs)
  } catch (error) {
    if (error instanceof PeriodRunNotFoundError) throw new MedusaError(MedusaError.Types.NOT_FOUND, error.message)
    if (error instanceof PeriodRunRequestError) throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
    if (error instanceof PeriodRunClosedError || error instanceof PeriodRunStateError || error instanceof PeriodRunInputError) {
      throw new MedusaError(MedusaError.Types.CONFLICT, error.message)
    }
    throw error
  }
}

/** What an admin sees of a run: every column, chosen here rather than passed through. */
export function periodRunView(run: PeriodRunDTO) {
  return {
    id: run.id,
    period_key: run.period_key,
    currency_code: run.currency_code,
    plan_version_id: run.plan_version_id,
    status: run.status,
    phase: run.phase,
    progress: run.progress,
    runs: run.runs,
    error: run.error,
    summary: run.summary,
    started_at: run.started_at,
    finished_at: run.finished_at,
    closed_at: run.closed_at,
    closed_by: run.closed_by,
    created_at: run.created_at,
  }
}
