import { parsePlan, componentSchema, EngineValidationError } from "../../src/engine"
import { BINARY_PLACEMENTS as ENGINE_PLACEMENTS, COMPONENT_TYPES as ENGINE_TYPES } from "../../src/engine/schema"
import {
  addableComponentTypes,
  BINARY_PLACEMENTS,
  canonicalJson,
  COMPONENT_TYPES,
  componentsOf,
  draftFromJson,
  draftToJson,
  getAt,
  inputFromValue,
  integerFromInput,
  issuePath,
  moveAt,
  NEW_PLAN_DRAFT,
  newComponent,
  sameDraft,
  setAt,
} from "../../src/admin/components/plans/plan-draft"
import { issuesAt, issuesWithin } from "../../src/admin/components/plans/plan-issues"
import { addEntry, removeEntry, renameKey } from "../../src/admin/components/plans/record-edit"

/** The plan editor's draft ↔ form mapping (src/admin/components/plans), against the engine's own schema. */

function engineIssues(plan: unknown) {
  try {
    parsePlan(plan)
    return []
  } catch (error) {
    if (error instanceof EngineValidationError) return error.issues
    throw error
  }
}

describe("the form's vocabulary is the engine's", () => {
  it("lists the engine's component types and binary placements, in its order", () => {
    expect(COMPONENT_TYPES).toEqual(ENGINE_TYPES)
    expect(BINARY_PLACEMENTS).toEqual(ENGINE_PLACEMENTS)
  })

  it("starts every new component and a new plan valid", () => {
    for (const type of COMPONENT_TYPES) {
      const component = newComponent(type)
      expect([type, componentSchema.safeParse(component).success]).toEqual([type, true])
    }
    expect(engineIssues(NEW_PLAN_DRAFT)).toEqual([])
    // A matching component needs the one it names earlier in the plan: the default names unilevel.
    expect(engineIssues({ currency: "USD", components: [newComponent("unilevel"), newComponent("matching")] })).toEqual([])
  })
})

describe("issuePath spells a form path as the engine reports it", () => {
  it("matches the paths of the engine's issues, quoted keys included", () => {
    const draft = {
      currency: "usd",
      components: [
        { type: "unilevel", levels_bp: [1000, 500, 20000] },
        { type: "pool", rate_bp: 100, shares: { "Q 1": 0, ok: 1 } },
      ],
    }
    const paths = engineIssues(draft).map((issue) => issue.path)
    expect(paths).toEqual([
      issuePath(["currency"]),
      issuePath(["components", 0, "levels_bp", 2]),
      issuePath(["components", 1, "shares", "Q 1"]),
    ])
    expect(paths).toEqual(["plan.currency", "plan.components[0].levels_bp[2]", 'plan.components[1].shares["Q 1"]'])
  })

  it("places each issue at its field, and counts a section's issues without its neighbours'", () => {
    const issues = [
      { path: "plan.components[1].steps[0].rate_bp", message: "must be an integer 0..10000" },
      { path: "plan.components[1]", message: "unknown key" },
      { path: "plan.components[10].type", message: "is required" },
      { path: "plan.currency", message: "is required" },
    ]
    expect(issuesAt(issues, ["components", 1, "steps", 0, "rate_bp"])).toEqual([issues[0]])
    expect(issuesAt(issues, ["components", 1, "steps", 0])).toEqual([])
    expect(issuesWithin(issues, ["components", 1])).toEqual([issues[0], issues[1]])
    expect(issuesWithin(issues, ["components", 10])).toEqual([issues[2]])
  })
})

describe("reading and writing the draft at a path", () => {
  const draft = { currency: "USD", x_custom: { keep: true }, components: [{ type: "unilevel", levels_bp: [1000, 500] }] }

  it("writes a copy, keeping keys the form does not know", () => {
    const next = setAt(draft, ["components", 0, "levels_bp", 1], 700)
    expect(next).toEqual({ currency: "USD", x_custom: { keep: true }, components: [{ type: "unilevel", levels_bp: [1000, 700] }] })
    expect(draft.components[0].levels_bp).toEqual([1000, 500])
    expect(getAt(next, ["components", 0, "levels_bp", 1])).toBe(700)
    expect(getAt(next, ["components", 3, "levels_bp"])).toBeUndefined()
  })

  it("removes an object key or an array element for undefined, and creates containers as needed", () => {
    expect(setAt(draft, ["components", 0, "levels_bp", 0], undefined).components[0].levels_bp).toEqual([500])
    expect(setAt(draft, ["x_custom"], undefined)).toEqual({ currency: "USD", components: draft.components })
    expect(setAt({}, ["activity", "min_pv"], 5000)).toEqual({ activity: { min_pv: 5000 } })
    expect(setAt({}, ["ranks", 0, "name"], "gold")).toEqual({ ranks: [{ name: "gold" }] })
  })

  it("moves a component, and ignores a move out of range", () => {
    const two = { components: [{ type: "unilevel" }, { type: "pool" }] }
    expect(moveAt(two, ["components"], 1, 0)).toEqual({ components: [{ type: "pool" }, { type: "unilevel" }] })
    expect(moveAt(two, ["components"], 1, 2)).toBe(two)
  })

  it("lists components with their index and type, and offers only the types a plan can still take", () => {
    const plan = { components: [{ type: "binary" }, "junk", { type: "unilevel" }] }
    expect(componentsOf(plan)).toEqual([
      { index: 0, type: "binary", value: { type: "binary" } },
      { index: 1, type: null, value: "junk" },
      { index: 2, type: "unilevel", value: { type: "unilevel" } },
    ])
    expect(addableComponentTypes(plan)).toEqual(["retail_profit", "fast_start", "board", "stair_step", "matching", "pool"])
    expect(componentsOf({ components: "none" })).toEqual([])
  })
})

describe("whole-number inputs", () => {
  it.each([
    ["", undefined],
    ["  ", undefined],
    ["1200", 1200],
    [" 0 ", 0],
    ["-5", -5],
    ["12.5", "12.5"],
    ["1e3", "1e3"],
    ["-", "-"],
    ["1234567890123456", "1234567890123456"],
  ])("%j → %j (never a fraction, never beyond 15 digits)", (text, value) => {
    expect(integerFromInput(text)).toBe(value)
  })

  it("shows what the draft holds", () => {
    expect([inputFromValue(undefined), inputFromValue(1000), inputFromValue("12.5"), inputFromValue([1])]).toEqual(["", "1000", "12.5", "[1]"])
  })
})

describe("the JSON tab", () => {
  it("round-trips a draft and refuses text that is not a JSON object", () => {
    expect(draftFromJson(draftToJson(NEW_PLAN_DRAFT))).toEqual({ ok: true, draft: NEW_PLAN_DRAFT })
    expect(draftFromJson("[1]")).toEqual({ ok: false, error: "The draft must be a JSON object ({ … })" })
    const broken = draftFromJson('{"currency": ')
    expect(broken.ok).toBe(false)
    expect(broken.ok ? "" : broken.error).toMatch(/^Not valid JSON: /)
  })

  it("compares drafts whatever their key order (jsonb reorders keys)", () => {
    expect(sameDraft({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }, { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 })).toBe(true)
    expect(sameDraft({ a: [1, 2] }, { a: [2, 1] })).toBe(false)
    expect(canonicalJson({ b: 1, a: undefined, c: "x" })).toBe('{"b":1,"c":"x"}')
  })
})

describe("name → value rows (depth_by_rank, shares)", () => {
  it("renames in place, refusing an empty or taken name", () => {
    expect(Object.keys((renameKey({ a: 1, b: 2, c: 3 }, "b", "x") as { record: object }).record)).toEqual(["a", "x", "c"])
    expect(renameKey({ a: 1, b: 2 }, "b", "a")).toEqual({ ok: false, error: '"a" is already listed' })
    expect(renameKey({ a: 1 }, "a", " ")).toEqual({ ok: false, error: "The name must not be empty" })
  })

  it("adds under the first free name and removes by name", () => {
    expect(addEntry({ member: 1, "member 2": 1 }, "member", 5)).toEqual({ member: 1, "member 2": 1, "member 3": 5 })
    expect(removeEntry({ a: 1, b: 2 }, "a")).toEqual({ b: 2 })
  })
})
