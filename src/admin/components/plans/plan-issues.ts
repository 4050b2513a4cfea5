import { issuePath, type DraftPath } from "./plan-draft"
import type { PlanIssue } from "./plan-types"

/**
 * Where the server's validation issues (POST /admin/mlm/plans/:id/validate) show in the form:
 * a field shows the issues at exactly its path; a section counts those anywhere inside it.
 */

export function issuesAt(issues: readonly PlanIssue[], path: DraftPath): PlanIssue[] {
  const target = issuePath(path)
  return issues.filter((issue) => issue.path === target)
}

/** Issues at `path` or below it (`plan.components[1]` holds `plan.components[1].steps[0].rate_bp`, not `plan.components[10]`). */
export function issuesWithin(issues: readonly PlanIssue[], path: DraftPath): PlanIssue[] {
  const prefix = issuePath(path)
  return issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`))
}
