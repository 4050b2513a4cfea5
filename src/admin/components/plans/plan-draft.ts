/**
 * The plan editor's model: the draft is plain JSON and stays the one source of truth. The form
 * reads each field at its path and writes it back with `setAt`, so keys the form does not know
 * (work in progress, a newer engine's fields) survive a round trip, and the JSON tab and the form
 * never disagree. Input that is not yet a whole number is stored as typed: the server's
 * validation then names it at its path, exactly where the form shows the field.
 */

export type DraftKey = string | number
export type DraftPath = readonly DraftKey[]
export type Draft = Record<string, unknown>

/** The engine's component types (src/engine/schema.ts COMPONENT_TYPES), in its order. */
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
export type ComponentType = (typeof COMPONENT_TYPES)[number]

/** The engine's binary placement policies (src/engine/schema.ts BINARY_PLACEMENTS). */
export const BINARY_PLACEMENTS = ["extreme_left", "extreme_right", "bfs", "weaker_leg_count_bfs", "weaker_leg_count_extreme", "weaker_leg_volume_bfs"] as const

export const COMPONENT_LABELS: Record<ComponentType, string> = {
  unilevel: "Unilevel",
  retail_profit: "Retail profit",
  fast_start: "Fast start",
  binary: "Binary",
  matrix: "Matrix",
  board: "Board",
  stair_step: "Stair-step",
  matching: "Matching",
  pool: "Pool",
}

/** A new component with what the engine requires filled in (its documented defaults left out). */
export function newComponent(type: ComponentType): Draft {
  switch (type) {
    case "unilevel":
      return { type, levels_bp: [1000] }
    case "retail_profit":
      return { type }
    case "fast_start":
      return { type, rate_bp: 1000, days: 30 }
    case "binary":
      return { type, rate_bp: 1000 }
    case "matrix":
      return { type, width: 3, depth: 3, levels_bp: [500] }
    case "board":
      return { type, width: 2, depth: 2, cycle_bonus_cents: 10000 }
    case "stair_step":
      return { type, steps: [{ min_pgv: 0, rate_bp: 500 }] }
    case "matching":
      return { type, on: "unilevel", generations_bp: [1000] }
    case "pool":
      return { type, rate_bp: 100, shares: {} }
  }
}

export const NEW_PLAN_DRAFT: Draft = { currency: "USD", components: [newComponent("unilevel")] }

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * The path as the engine prints it, rooted at `plan` (engine/errors.ts formatPath, index.ts
 * rootAt): `plan.components[0].levels_bp[2]`, `plan.components[1].shares["Q 1"]`.
 */
export function issuePath(path: DraftPath): string {
  let text = "plan"
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`
    else if (IDENTIFIER.test(key)) text += `.${key}`
    else text += `[${JSON.stringify(key)}]`
  }
  return text
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
}

export function getAt(value: unknown, path: DraftPath): unknown {
  let current = value
  for (const key of path) {
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined
    else current = isRecord(current) ? current[key] : undefined
    if (current === undefined) return undefined
  }
  return current
}

/**
 * A copy of `root` with `value` at `path` (containers created as needed: an array for a numeric
 * key). `undefined` removes an object key; in an array it removes the element.
 */
export function setAt<T>(root: T, path: DraftPath, value: unknown): T {
  if (path.length === 0) return value as T
  const [key, ...rest] = path
  if (typeof key === "number") {
    const list = Array.isArray(root) ? [...root] : []
    const next = rest.length === 0 ? value : setAt(list[key], rest, value)
    if (next === undefined) list.splice(key, 1)
    else list[key] = next
    return list as T
  }
  const object: Record<string, unknown> = isRecord(root) ? { ...root } : {}
  const next = rest.length === 0 ? value : setAt(object[key], rest, value)
  if (next === undefined) delete object[key]
  else object[key] = next
  return object as T
}

/** Moves an array element from `from` to `to` (both in range); anything else is returned as is. */
export function moveAt<T>(root: T, path: DraftPath, from: number, to: number): T {
  const list = getAt(root, path)
  if (!Array.isArray(list) || from < 0 || to < 0 || from >= list.length || to >= list.length) return root
  const next = [...list]
  const [item] = next.splice(from, 1)
  next.splice(to, 0, item)
  return setAt(root, path, next)
}

/**
 * A whole-number field's text as the draft stores it: "" → undefined (the key is removed),
 * "1200" → 1200, anything else (a sign alone, "12.5", "abc") → the text itself, which the
 * server's validation reports at the field's path. Never parses a fraction: no floats in plans.
 */
export function integerFromInput(text: string): number | string | undefined {
  const trimmed = text.trim()
  if (trimmed === "") return undefined
  if (/^-?\d{1,15}$/.test(trimmed)) return Number(trimmed)
  return text
}

/** What a whole-number field shows for the value at its path. */
export function inputFromValue(value: unknown): string {
  if (value === undefined || value === null) return ""
  if (typeof value === "number" || typeof value === "string") return String(value)
  return JSON.stringify(value)
}

/** The components list with each entry's index (a draft without a list has none). */
export function componentsOf(draft: Draft): { index: number; type: string | null; value: unknown }[] {
  const list = draft.components
  if (!Array.isArray(list)) return []
  return list.map((value, index) => ({ index, type: isRecord(value) && typeof value.type === "string" ? value.type : null, value }))
}

export function isComponentType(type: unknown): type is ComponentType {
  return typeof type === "string" && (COMPONENT_TYPES as readonly string[]).includes(type)
}

/** Component types a plan can still take: one of each, and never binary with matrix (plan-rules.ts). */
export function addableComponentTypes(draft: Draft): ComponentType[] {
  const present = new Set(componentsOf(draft).map((component) => component.type))
  return COMPONENT_TYPES.filter(
    (type) => !present.has(type) && !(type === "binary" && present.has("matrix")) && !(type === "matrix" && present.has("binary"))
  )
}

/** The draft as the JSON tab shows it. */
export function draftToJson(draft: Draft): string {
  return JSON.stringify(draft, null, 2)
}

/** The JSON tab's text back to a draft; a plan draft must be a JSON object (as the API requires). */
export function draftFromJson(text: string): { ok: true; draft: Draft } | { ok: false; error: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` }
  }
  if (!isRecord(parsed)) return { ok: false, error: "The draft must be a JSON object ({ … })" }
  return { ok: true, draft: parsed }
}

/** JSON with object keys sorted: PostgreSQL's jsonb gives a saved draft back in its own key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (isRecord(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort()
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** Two drafts hold the same JSON, whatever their key order (the editor's "unsaved changes" test). */
export function sameDraft(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}
