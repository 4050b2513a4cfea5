/**
 * Cross-field plan rules (spec "Precise rules"): at most one component per type, binary and
 * matrix never together, matching after the component it names, and the fields each binary
 * mode accepts. Runs only when every element of the plan is already valid.
 */
import type { z } from "zod"
import type { planShape } from "./schema"

type PlanShape = z.output<typeof planShape>
type Ctx = z.core.$RefinementCtx<PlanShape>

const BINARY_VOLUME_ONLY = ["rate_bp", "cap_cents"] as const
const BINARY_PAIRS_ONLY = ["pair_cents", "first_pair", "max_pairs"] as const
const MAX_BOARD_SEATS = 4096

export function planRules(plan: PlanShape, ctx: Ctx): void {
  if (ctx.issues.length > 0) return
  const at = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message })
  const firstIndexOfType = new Map<string, number>()
  const rankNames = plan.ranks ? new Set(plan.ranks.map((rank) => rank.name)) : undefined

  plan.ranks?.forEach((rank, i) => {
    if (plan.ranks!.findIndex((other) => other.name === rank.name) !== i) at(["ranks", i, "name"], `duplicate rank name "${rank.name}"`)
    if (rank.max_leg_share_bp !== undefined && rank.min_gv === undefined) {
      at(["ranks", i, "max_leg_share_bp"], "needs min_gv (the share is of min_gv)")
    }
  })

  plan.components.forEach((component, i) => {
    const path = ["components", i]
    const earlier = firstIndexOfType.get(component.type)
    if (earlier !== undefined) {
      at([...path, "type"], `at most one "${component.type}" component per plan (another at components[${earlier}])`)
    } else {
      firstIndexOfType.set(component.type, i)
    }
    if (component.type === "matrix" && firstIndexOfType.has("binary")) {
      at([...path, "type"], '"matrix" cannot share a plan with "binary" (each has its own placement tree)')
    }
    if (component.type === "binary" && firstIndexOfType.has("matrix")) {
      at([...path, "type"], '"binary" cannot share a plan with "matrix" (each has its own placement tree)')
    }

    switch (component.type) {
      case "unilevel":
        if (component.depth_by_rank && rankNames) {
          for (const name of Object.keys(component.depth_by_rank)) {
            if (!rankNames.has(name)) at([...path, "depth_by_rank", name], `unknown rank "${name}" (not in plan.ranks)`)
          }
        }
        break
      case "binary": {
        const volume = component.mode === "volume"
        const required = volume ? "rate_bp" : "pair_cents"
        if (component[required] === undefined) at([...path, required], `is required in ${component.mode} mode`)
        for (const key of volume ? BINARY_PAIRS_ONLY : BINARY_VOLUME_ONLY) {
          if (component[key] !== undefined) at([...path, key], `applies only to ${volume ? "pairs" : "volume"} mode`)
        }
        break
      }
      case "matrix":
        if (component.levels_bp.length > component.depth) {
          at([...path, "levels_bp"], `must have at most depth (${component.depth}) levels`)
        }
        break
      case "board": {
        let seats = 0
        for (let level = 0, row = 1; level <= component.depth && seats <= MAX_BOARD_SEATS; level++, row *= component.width) seats += row
        if (seats > MAX_BOARD_SEATS) at([...path, "depth"], `a board may have at most ${MAX_BOARD_SEATS} seats`)
        break
      }
      case "stair_step":
        component.steps.forEach((step, s) => {
          if (s > 0 && step.min_pgv <= component.steps[s - 1].min_pgv) {
            at([...path, "steps", s, "min_pgv"], "steps must be listed with strictly increasing min_pgv")
          }
        })
        if (component.generations_bp.length > 0 && component.breakaway_rate_bp === undefined) {
          at([...path, "generations_bp"], "needs breakaway_rate_bp (generations are counted by breakaways)")
        }
        break
      case "matching":
        if (!firstIndexOfType.has(component.on) || firstIndexOfType.get(component.on) === i) {
          const later = plan.components.findIndex((other) => other.type === component.on)
          at(
            [...path, "on"],
            later === -1
              ? `no "${component.on}" component in the plan`
              : `matching must come after the "${component.on}" component it names (components[${later}])`
          )
        }
        break
      case "pool":
        if (Object.keys(component.shares).length === 0) at([...path, "shares"], "must name at least one member")
        break
      default:
        break
    }
  })
}
