/**
 * A plan's version hash: sha256 of its canonical JSON (keys sorted at every depth), so that any
 * change to a plan, and only a change, makes a new version. Hash the parsed plan (defaults
 * filled in) so that spelling a default out does not count as a change.
 */
import { createHash } from "node:crypto"
import type { Plan } from "./types"

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value)
}

export function planVersionHash(plan: Plan): string {
  return createHash("sha256").update(canonicalJson(plan)).digest("hex")
}
