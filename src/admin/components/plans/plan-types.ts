/**
 * Response shapes of the plan routes (src/api/admin/mlm/plans/**, docs/plans.md) as the plan
 * pages read them. Dates arrive as ISO strings; amounts as integer minor units.
 */

export type PlanPeriod = "weekly" | "monthly"

export type PlanSummary = {
  id: string
  name: string
  period: PlanPeriod
  created_by: string | null
  updated_by: string | null
  created_at: string
  updated_at: string
}

export type PlanList = { plans: PlanSummary[]; count: number; limit: number; offset: number }

export type Plan = PlanSummary & { draft: Record<string, unknown> }

export type PlanVersion = {
  id: string
  plan_id: string
  version: number
  currency_code: string
  period: PlanPeriod
  definition: unknown
  hash: string
  effective_from: string
  created_by: string | null
  created_at: string
}

export type PlanVersions = { plan_versions: PlanVersion[] }

export type ActivePlanVersion = { plan_version: PlanVersion }

/** One problem of the draft, at the engine's path (`plan.components[0].levels_bp[2]`). */
export type PlanIssue = { path: string; message: string }

/** `activation_issues`: what of a valid draft the store does not pay; activation refuses those. */
export type PlanValidation = { valid: boolean; issues: PlanIssue[]; activation_issues: PlanIssue[] }

/** A commission line of the engine's result (spec "result"): `cents` are minor units of the plan's currency. */
export type SimulatedLine = { to: string; bonus: string; level?: number; source: string; cents: number }

export type PlanSimulation = {
  result: {
    lines: SimulatedLine[]
    placements?: Record<string, unknown>
    carry?: Record<string, { left: number; right: number }>
    boards?: { id: string; seats: (string | null)[] }[]
    ranks?: Record<string, string>
  }
  summary: { lines: number; total_minor: Record<string, number> }
  sample?: { house_id: string | null; distributors: number; customers: number; orders: number; period: string }
}
