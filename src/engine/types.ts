/**
 * Public types of the engine. Input types are the zod schemas' outputs (defaults filled in),
 * so there is exactly one definition of a plan; result types follow spec "result".
 */
import type { z } from "zod"
import type { componentSchema, eventSchema, memberSchema, planSchema, simulationSchema } from "./schema"

export type Plan = z.output<typeof planSchema>
export type Component = z.output<typeof componentSchema>
export type ComponentType = Component["type"]
export type ComponentOf<T extends ComponentType> = Extract<Component, { type: T }>
export type Member = z.output<typeof memberSchema>
export type SimEvent = z.output<typeof eventSchema>
export type Simulation = z.output<typeof simulationSchema>
export type Rounding = Plan["rounding"]

/** `bonus` is the component type or one of the named extra lines of spec "result". */
export type Bonus =
  | Exclude<ComponentType, "board">
  | "matrix_completion"
  | "board_cycle"
  | "board_reentry_fee"
  | "generation"

export interface Line {
  to: string
  bonus: Bonus
  level?: number
  source: string
  cents: number
}

export type Side = "left" | "right"
export type BinaryPlacement = { parent: string; side: Side }
export type MatrixPlacement = { parent: string; slot: number }

export interface BoardView {
  id: string
  seats: (string | null)[]
}

export interface SimulationResult {
  lines: Line[]
  placements?: Record<string, BinaryPlacement | MatrixPlacement>
  carry?: Record<string, { left: number; right: number }>
  boards?: BoardView[]
  ranks?: Record<string, string>
}
