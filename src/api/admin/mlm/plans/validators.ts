import { z } from "@medusajs/framework/zod"
import { parseInstantMs } from "../../../../engine/time"
import { PLAN_SIMULATION_BOUNDS } from "../../../../modules/mlm/repositories/plan-sql"
import { idField, limitField, offsetField } from "../../../mlm-request-fields"

/**
 * Plan requests (docs/plans.md). A draft is any JSON object up to 256 kB: it is checked against
 * the engine's plan schema only by validate, simulate and activate, so work in progress can be
 * saved. What PostgreSQL's jsonb cannot store (a NUL character) is refused here, not as a 500.
 */

export const PLAN_DRAFT_MAX_BYTES = 256 * 1024
export const PLAN_PERIODS = ["weekly", "monthly"] as const
const NUL = "\u0000"

export const AdminPlanParams = z.object({ id: idField("id") }).strict()

// Plans nest a few levels; jsonb and JSON.stringify recurse, so depth is bounded before either runs.
const MAX_DRAFT_DEPTH = 64
const NUL_MESSAGE = "draft must not contain NUL characters"

function structureProblem(value: unknown, depth: number): string | null {
  if (typeof value === "string") return value.includes(NUL) ? NUL_MESSAGE : null
  if (value === null || typeof value !== "object") return null
  if (depth > MAX_DRAFT_DEPTH) return `draft must not nest deeper than ${MAX_DRAFT_DEPTH} levels`
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) return NUL_MESSAGE
    const problem = structureProblem(item, depth + 1)
    if (problem) return problem
  }
  return null
}

/** Why a draft cannot be stored, or null. */
function draftProblem(draft: Record<string, unknown>): string | null {
  const problem = structureProblem(draft, 1)
  if (problem) return problem
  if (Buffer.byteLength(JSON.stringify(draft), "utf8") > PLAN_DRAFT_MAX_BYTES) {
    return `draft must be at most ${PLAN_DRAFT_MAX_BYTES} bytes of JSON`
  }
  return null
}

const planName = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((text) => !text.includes(NUL), "name must not contain NUL bytes")

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

// A custom check, so the message is ours: Medusa words a type mismatch "Expected type: 'record'".
const planDraft = () =>
  z.custom<Record<string, unknown>>(isJsonObject, { message: "draft must be a JSON object" }).superRefine((draft, ctx) => {
    const problem = isJsonObject(draft) ? draftProblem(draft) : null
    if (problem) ctx.addIssue({ code: "custom", message: problem })
  })

export const AdminListPlansQuery = z.object({ limit: limitField(), offset: offsetField() }).strict()
export type AdminListPlansQueryType = z.infer<typeof AdminListPlansQuery>

export const AdminPlanNoQuery = z.object({}).strict()

export const AdminCreatePlan = z
  .object({ name: planName(), period: z.enum(PLAN_PERIODS).default("monthly"), draft: planDraft() })
  .strict()
export type AdminCreatePlanType = z.infer<typeof AdminCreatePlan>

export const AdminUpdatePlan = z
  .object({ name: planName().optional(), period: z.enum(PLAN_PERIODS).optional(), draft: planDraft().optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.period !== undefined || body.draft !== undefined, {
    message: "Give at least one of name, period, draft",
  })
export type AdminUpdatePlanType = z.infer<typeof AdminUpdatePlan>

export const AdminValidatePlan = z.object({}).strict()

export const isoInstantField = (field: string) =>
  z
    .string()
    .refine(
      (text) => parseInstantMs(text) !== undefined,
      `${field} must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z`
    )
    .transform((text) => new Date(parseInstantMs(text)!))

export const AdminActivatePlan = z.object({ effective_from: isoInstantField("effective_from") }).strict()
export type AdminActivatePlanType = z.infer<typeof AdminActivatePlan>

const periodKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "period_key must contain only letters, digits, '_', '.', ':' and '-'")

/**
 * Either a network in the simulation format (`members`, `events`; the draft is the plan) or a
 * sample of the live network. Elements are checked by the engine, which names the path at fault;
 * sizes are bounded here so a request cannot make the engine replay an unbounded document.
 */
export const AdminSimulatePlan = z
  .object({
    members: z.array(z.unknown()).max(PLAN_SIMULATION_BOUNDS.members).optional(),
    events: z.array(z.unknown()).max(PLAN_SIMULATION_BOUNDS.events).optional(),
    sample: z
      .object({ limit: z.number().int().min(1).max(PLAN_SIMULATION_BOUNDS.sampleLimit), period_key: periodKey.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((body) => (body.sample === undefined) !== (body.members === undefined && body.events === undefined), {
    message: "Give either members and events (a network to simulate) or sample, not both",
  })
export type AdminSimulatePlanType = z.infer<typeof AdminSimulatePlan>
