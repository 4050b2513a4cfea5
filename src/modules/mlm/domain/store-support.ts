import type { Plan, ValidationIssue } from "../../../engine"

/**
 * What of a valid plan the store does not pay (docs/plans.md, "What the store pays"). Orders pay
 * unilevel, retail profit and fast start; period runs pay binary, stair-step, generations,
 * matching, pools and ranks. Matrix and board commissions come from placements the store does
 * not make when a distributor enrolls, and period runs compute binary in volume mode only.
 *
 * Such a plan simulates, but an activated one would leave those commissions unpaid without a
 * word: activation refuses it, naming each component, and validation lists the same issues.
 */
export function storeSupportIssues(plan: Plan): ValidationIssue[] {
  return plan.components.flatMap((component, i): ValidationIssue[] => {
    if (component.type === "matrix" || component.type === "board") {
      return [{ path: `plan.components[${i}]`, message: `the store does not pay ${component.type} commissions (no placement at enrollment yet): simulate it, activate a plan without it` }]
    }
    if (component.type === "binary" && component.mode !== "volume") {
      return [{ path: `plan.components[${i}].mode`, message: `the store's period runs pay binary in volume mode only` }]
    }
    return []
  })
}
