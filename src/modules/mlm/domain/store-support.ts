import type { Plan, ValidationIssue } from "../../../engine"

/**
 * What of a valid plan the store does not pay (docs/plans.md, "What the store pays"). Orders pay
 * unilevel, retail profit and fast start; period runs pay binary, stair-step, generations,
 * matching, pools and ranks. Matrix and board commissions come from matrix and board seats the
 * store does not make, period runs compute binary in volume mode only, and the store seats binary
 * members (periods/seat.ts) by position or leg count, never by leg volume.
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
    if (component.type === "binary" && component.placement === "weaker_leg_volume_bfs") {
      return [{ path: `plan.components[${i}].placement`, message: `the store seats members by position or by leg count, not by leg volume` }]
    }
    return []
  })
}
