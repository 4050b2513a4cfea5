/**
 * Strict zod schemas for the simulation document (spec "Document") and THE schema for plans:
 * the admin API validates stored plans with `planSchema`, so every plan rule lives here,
 * element rules in the shapes and cross-field rules (spec "Precise rules") in `planRules`.
 * Document-level rules that follow references between members and events are in validate.ts.
 * Unknown keys are errors everywhere; defaults of the spec's "Defaults" rule are filled in.
 */
import { z } from "zod"
import { planRules } from "./plan-rules"
import { documentRules } from "./validate"
import { parseInstantMs } from "./time"

const BP_MESSAGE = "must be an integer 0..10000"
const MONEY_MESSAGE = "must be a non-negative integer (minor units)"

type Issue = { input?: unknown }
/** Missing keys read "is required"; anything else gets the rule's own message. */
const say = (message: string) => (issue: Issue) => (issue.input === undefined ? "is required" : message)

const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: say("must be an object") })

const intRange = (min: number, max: number, message: string) =>
  z.number({ error: say(message) }).int({ error: message }).min(min, { error: message }).max(max, { error: message })

export const rateBp = () => intRange(0, 10000, BP_MESSAGE)
export const moneyMinor = () => intRange(0, Number.MAX_SAFE_INTEGER, MONEY_MESSAGE)

const idString = () =>
  z
    .string({ error: say("must be a string") })
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" })

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: say(`must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`) })

const isoInstant = () =>
  z
    .string({ error: say("must be a string") })
    .refine((text) => parseInstantMs(text) !== undefined, {
      error: "must be an ISO 8601 time with Z or an offset, e.g. 2026-01-01T00:00:00Z",
    })

const list = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item, { error: say("must be an array") }).max(max, { error: `must have at most ${max} entries` })

const levelRates = () => list(rateBp(), 100).min(1, { error: "must list at least one rate" })

export const COMPONENT_TYPES = [
  "unilevel",
  "retail_profit",
  "fast_start",
  "binary",
  "matrix",
  "board",
  "stair_step",
  "matching",
  "pool",
] as const

const compression = () => oneOf(["dynamic", "none"]).default("dynamic")

export const unilevelSchema = object({
  type: z.literal("unilevel"),
  levels_bp: levelRates(),
  compression: compression(),
  depth_by_rank: z
    .record(idString(), intRange(0, 100, "must be an integer 0..100 (levels)"), { error: say("must be an object") })
    .optional(),
})

export const retailProfitSchema = object({ type: z.literal("retail_profit") })

export const fastStartSchema = object({
  type: z.literal("fast_start"),
  rate_bp: rateBp(),
  days: intRange(0, 3650, "must be an integer 0..3650 (days)"),
})

export const BINARY_PLACEMENTS = [
  "extreme_left",
  "extreme_right",
  "bfs",
  "weaker_leg_count_bfs",
  "weaker_leg_count_extreme",
  "weaker_leg_volume_bfs",
] as const

export const binarySchema = object({
  type: z.literal("binary"),
  placement: oneOf(BINARY_PLACEMENTS).default("bfs"),
  mode: oneOf(["volume", "pairs"]).default("volume"),
  rate_bp: rateBp().optional(),
  cap_cents: moneyMinor().optional(),
  pair_cents: moneyMinor().optional(),
  first_pair: oneOf(["2:1"]).optional(),
  max_pairs: intRange(1, 1_000_000, "must be an integer 1..1000000").optional(),
  over_cap: oneOf(["flush", "carry"]).default("flush"),
  qualification: oneOf(["none", "sponsored_each_leg"]).default("none"),
  unqualified: oneOf(["accumulate", "flush"]).default("accumulate"),
  refund: oneOf(["clawback_restore", "negative_carry"]).default("clawback_restore"),
})

export const matrixSchema = object({
  type: z.literal("matrix"),
  width: intRange(1, 20, "must be an integer 1..20"),
  depth: intRange(1, 10, "must be an integer 1..10"),
  levels_bp: levelRates(),
  compression: compression(),
  completion_bonus_cents: moneyMinor().optional(),
})

export const boardSchema = object({
  type: z.literal("board"),
  // Width 1 would make a re-entering top fill the split board's only bottom seat at once,
  // cycling forever.
  width: intRange(2, 10, "must be an integer 2..10"),
  depth: intRange(1, 10, "must be an integer 1..10"),
  cycle_bonus_cents: moneyMinor(),
  reentry_fee_cents: moneyMinor().default(0),
})

export const stairStepSchema = object({
  type: z.literal("stair_step"),
  steps: list(object({ min_pgv: moneyMinor(), rate_bp: rateBp() }), 100).min(1, { error: "must list at least one step" }),
  breakaway_rate_bp: rateBp().optional(),
  generations_bp: list(rateBp(), 100).default([]),
})

export const matchingSchema = object({
  type: z.literal("matching"),
  on: oneOf(["unilevel", "retail_profit", "fast_start", "binary", "matrix", "board", "stair_step", "pool"]),
  generations_bp: levelRates(),
})

export const poolSchema = object({
  type: z.literal("pool"),
  rate_bp: rateBp(),
  shares: z.record(idString(), intRange(1, 1_000_000, "must be an integer 1..1000000 (shares)"), {
    error: say("must be an object"),
  }),
})

export const componentSchema = z.discriminatedUnion(
  "type",
  [
    unilevelSchema,
    retailProfitSchema,
    fastStartSchema,
    binarySchema,
    matrixSchema,
    boardSchema,
    stairStepSchema,
    matchingSchema,
    poolSchema,
  ],
  {
    error: (issue) => {
      if (issue.code !== "invalid_union") return "must be an object"
      const input = issue.input as { type?: unknown } | undefined
      const known = COMPONENT_TYPES.map((t) => JSON.stringify(t)).join(", ")
      return input?.type === undefined ? `is required (one of ${known})` : `unknown component type ${JSON.stringify(input.type)}`
    },
  }
)

export const rankSchema = object({
  name: idString(),
  min_pv: moneyMinor().optional(),
  min_gv: moneyMinor().optional(),
  max_leg_share_bp: rateBp().optional(),
})

export const planShape = object({
  currency: z
    .string({ error: say("must be a string") })
    .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as "USD"' }),
  rounding: oneOf(["half_up", "half_even"]).default("half_up"),
  activity: object({ min_pv: moneyMinor() }).optional(),
  ranks: list(rankSchema, 100).min(1, { error: "must list at least one rank" }).optional(),
  components: list(componentSchema, 20),
})

export const planSchema = planShape.superRefine(planRules)

export const placementSchema = object({
  parent: idString(),
  side: oneOf(["left", "right"]).optional(),
  slot: intRange(1, 20, "must be an integer 1..20").optional(),
})

export const memberSchema = object({
  id: idString(),
  sponsor: idString().optional(),
  referrer: idString().optional(),
  placement: placementSchema.optional(),
  kind: oneOf(["distributor", "customer"]).default("distributor"),
  rank: idString().optional(),
  status: oneOf(["active", "terminated"]).default("active"),
  enrolled_at: isoInstant().optional(),
})

const EVENT_TYPES = ["join", "order", "refund", "adjust_pv", "terminate", "close_period"] as const

export const eventSchema = z.discriminatedUnion(
  "type",
  [
    object({ type: z.literal("join"), member: memberSchema }),
    object({
      type: z.literal("order"),
      id: idString(),
      buyer: idString(),
      cv: moneyMinor(),
      retail: moneyMinor().optional(),
      wholesale: moneyMinor().optional(),
      at: isoInstant().optional(),
    }),
    object({
      type: z.literal("refund"),
      id: idString(),
      order: idString(),
      cv: intRange(1, Number.MAX_SAFE_INTEGER, "must be a positive integer (minor units)"),
    }),
    object({ type: z.literal("adjust_pv"), member: idString(), pv: moneyMinor() }),
    object({ type: z.literal("terminate"), member: idString() }),
    object({ type: z.literal("close_period"), period: idString() }),
  ],
  {
    error: (issue) => {
      if (issue.code !== "invalid_union") return "must be an object"
      const input = issue.input as { type?: unknown } | undefined
      const known = EVENT_TYPES.map((t) => JSON.stringify(t)).join(", ")
      return input?.type === undefined ? `is required (one of ${known})` : `unknown event type ${JSON.stringify(input.type)}`
    },
  }
)

export const MAX_MEMBERS = 2_000_000
export const MAX_EVENTS = 10_000_000

/** The whole document; `expect` is carried but ignored by `simulate` (spec "Command"). */
export const simulationShape = object({
  id: z.string({ error: say("must be a string") }).max(200, { error: "must be at most 200 characters" }).optional(),
  about: z.string({ error: say("must be a string") }).max(10_000, { error: "must be at most 10000 characters" }).optional(),
  plan: planSchema,
  members: list(memberSchema, MAX_MEMBERS).default([]),
  events: list(eventSchema, MAX_EVENTS).default([]),
  expect: z.unknown().optional(),
})

/** The document schema: element rules, plan rules, then the cross-reference rules of validate.ts. */
export const simulationSchema = simulationShape.superRefine(documentRules)
