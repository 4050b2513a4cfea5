import type { PlanVersion } from "./plan-types"

/**
 * Where a version stands today: the one in force for its currency (GET
 * /admin/mlm/plan-versions/active, whichever plan it came from), one that starts later, or one a
 * later version replaced.
 */
export type VersionState = "in_force" | "scheduled" | "superseded"

export function versionState(version: Pick<PlanVersion, "id" | "effective_from">, activeIds: ReadonlySet<string>, nowMs: number): VersionState {
  if (activeIds.has(version.id)) return "in_force"
  return Date.parse(version.effective_from) > nowMs ? "scheduled" : "superseded"
}
