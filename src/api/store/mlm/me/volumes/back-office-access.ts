import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { parsePlan, type Plan } from "../../../../../engine"
import type { SqlDb } from "../../../../../modules/mlm/commissions/sql-db"
import { readOnlySnapshot } from "../../../../../modules/mlm/repositories/back-office-statement-sql"
import {
  selectCallerNode,
  selectPlanVersionsInForce,
  type BackOfficeNode,
} from "../../../../../modules/mlm/repositories/back-office-volume-sql"
import type { SqlExec } from "../../../../../modules/mlm/repositories/sql-exec"
import { mlmService } from "../../../../mlm-service"

/**
 * What the back-office routes (statement, rank, volumes) share: one read-only snapshot per
 * request, the caller's own node found by the token's customer, and the plan version whose
 * periods and ranks the volumes are measured by.
 */

/** Runs `work` in one REPEATABLE READ snapshot: a page and its totals agree with each other. */
export async function inBackOfficeSnapshot<T>(scope: MedusaContainer, work: (exec: SqlExec) => Promise<T>): Promise<T> {
  const db: SqlDb = (await mlmService(scope).commissions()).db
  return readOnlySnapshot(db, work)
}

export async function callerNodeOr404(exec: SqlExec, customerId: string): Promise<BackOfficeNode> {
  const node = await selectCallerNode(exec, customerId)
  if (!node) throw new MedusaError(MedusaError.Types.NOT_FOUND, "You are not a distributor")
  return node
}

export type PlanInForce = { id: string; currency_code: string; period: "weekly" | "monthly"; plan: Plan }

/**
 * The plan version in force at `at` for the requested currency; without one, the only currency
 * that has a version in force (a store that sells in several currencies must say which).
 */
export async function planInForce(exec: SqlExec, currencyCode: string | undefined, at: Date): Promise<PlanInForce> {
  const versions = await selectPlanVersionsInForce(exec, at)
  const chosen = currencyCode ? versions.find((version) => version.currency_code === currencyCode) : versions[0]
  if (currencyCode && !chosen) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No ${currencyCode} plan version is in force`)
  }
  if (!chosen) throw new MedusaError(MedusaError.Types.NOT_FOUND, "No plan version is in force")
  if (!currencyCode && versions.length > 1) {
    const currencies = versions.map((version) => version.currency_code).join(", ")
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: plan versions are in force for ${currencies}: give currency_code`
    )
  }
  return { id: chosen.id, currency_code: chosen.currency_code, period: chosen.period, plan: parsePlan(chosen.definition) }
}

/** Sums arrive as numeric text; a volume beyond 2^53 would be a broken row, not a rounding. */
export function integerOf(value: string | number): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`Volume ${value} is not a safe integer`)
  return number
}
