/**
 * The commission engine's public API: pure functions, data in and data out, no Medusa, no
 * database, no clock. See docs/engine.md.
 */
import { EngineValidationError, issuesFromZod } from "./errors"
import { planSchema, simulationSchema } from "./schema"
import { replay } from "./replay/simulate"
import type { Plan, Simulation, SimulationResult } from "./types"

export { planSchema, simulationSchema, componentSchema, memberSchema, eventSchema } from "./schema"
export { EngineValidationError, formatPath, issuesFromZod, type ValidationIssue } from "./errors"
export { planVersionHash, canonicalJson } from "./plan-version"
export { roundDiv, applyRateBp, mulDivRound, mulDivFloor, type Rounding } from "./money"
export { splitLargestRemainder } from "./largest-remainder"
export type {
  Plan,
  Component,
  ComponentType,
  ComponentOf,
  Member,
  SimEvent,
  Simulation,
  SimulationResult,
  Line,
  Bonus,
  Side,
  BoardView,
} from "./types"

/** Parses and validates a plan (strict schema and every cross-field plan rule). */
export function parsePlan(plan: unknown): Plan {
  const parsed = planSchema.safeParse(plan)
  if (!parsed.success) throw new EngineValidationError(issuesFromZod(parsed.error).map(rootAt("plan")))
  return parsed.data
}

/**
 * Parses and validates a whole document. Whether an explicit placement lands in a slot that a
 * policy already filled is only known while replaying; `simulate` reports it the same way.
 */
export function parseSimulation(doc: unknown): Simulation {
  const parsed = simulationSchema.safeParse(doc)
  if (!parsed.success) throw new EngineValidationError(issuesFromZod(parsed.error))
  return parsed.data
}

/** Validates, then replays the document's events (spec "Command"). */
export function simulate(doc: unknown): SimulationResult {
  return replay(parseSimulation(doc))
}

function rootAt(root: string) {
  return (issue: { path: string; message: string }) => ({
    message: issue.message,
    path: issue.path === "(document)" ? root : issue.path.startsWith("[") ? `${root}${issue.path}` : `${root}.${issue.path}`,
  })
}
