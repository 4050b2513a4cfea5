import type { PlanSimulation, SimulatedLine } from "./plan-types"

/**
 * The simulate panel's pure parts: reading an uploaded simulation file into the request body,
 * paging and filtering the result's lines on the client, and totals by bonus. Amounts stay
 * integer minor units (sums of safe integers, checked).
 */

/** The route's bounds (PLAN_SIMULATION_BOUNDS in src/modules/mlm/repositories/plan-sql.ts). */
export const SIMULATION_BOUNDS = { members: 5000, events: 50_000, sampleLimit: 5000 } as const

export type SimulationUpload = { members: unknown[]; events: unknown[] }

/**
 * A simulation file (spec "Document": `{ plan?, members, events, expect? }`) as the simulate
 * body. The file's own plan and expectations are left out: the draft being edited is the plan.
 */
export function simulationUploadFromText(text: string): { ok: true; upload: SimulationUpload; ignored: string[] } | { ok: false; error: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON: ${(error as Error).message}` }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, error: "The file must hold a JSON object with members and events" }
  }
  const document = parsed as Record<string, unknown>
  const members = document.members ?? []
  const events = document.events ?? []
  if (!Array.isArray(members)) return { ok: false, error: "members must be an array" }
  if (!Array.isArray(events)) return { ok: false, error: "events must be an array" }
  if (members.length === 0 && events.length === 0) return { ok: false, error: "The file has neither members nor events" }
  if (members.length > SIMULATION_BOUNDS.members) return { ok: false, error: `At most ${SIMULATION_BOUNDS.members} members (the file has ${members.length})` }
  if (events.length > SIMULATION_BOUNDS.events) return { ok: false, error: `At most ${SIMULATION_BOUNDS.events} events (the file has ${events.length})` }
  const ignored = Object.keys(document).filter((key) => key !== "members" && key !== "events")
  return { ok: true, upload: { members, events }, ignored }
}

/** The sample size typed in the panel, or why it cannot be sent. */
export function sampleLimitFromInput(text: string): { ok: true; limit: number } | { ok: false; error: string } {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "Enter a whole number of distributors" }
  const limit = Number(trimmed)
  if (limit < 1 || limit > SIMULATION_BOUNDS.sampleLimit) return { ok: false, error: `Between 1 and ${SIMULATION_BOUNDS.sampleLimit} distributors` }
  return { ok: true, limit }
}

/** Lines whose beneficiary, bonus or source contains `text` (case-insensitive); all when empty. */
export function filterLines(lines: readonly SimulatedLine[], text: string): SimulatedLine[] {
  const needle = text.trim().toLowerCase()
  if (!needle) return [...lines]
  return lines.filter((line) => [line.to, line.bonus, line.source].some((field) => field.toLowerCase().includes(needle)))
}

export type LinePage = { rows: SimulatedLine[]; pageIndex: number; pageCount: number; count: number }

/** One page of lines; a page past the end shows the last one (after the filter shrank the list). */
export function pageOfLines(lines: readonly SimulatedLine[], pageIndex: number, pageSize: number): LinePage {
  const pageCount = Math.max(1, Math.ceil(lines.length / pageSize))
  const index = Math.min(Math.max(0, pageIndex), pageCount - 1)
  return { rows: lines.slice(index * pageSize, (index + 1) * pageSize), pageIndex: index, pageCount, count: lines.length }
}

export type BonusTotal = { bonus: string; total_minor: number; lines: number }

/** Totals per bonus (largest first, then by name) with their line counts, and the grand total. */
export function totalsByBonus(simulation: PlanSimulation): { rows: BonusTotal[]; total_minor: number } {
  const lineCounts = new Map<string, number>()
  for (const line of simulation.result.lines) lineCounts.set(line.bonus, (lineCounts.get(line.bonus) ?? 0) + 1)
  const rows = Object.entries(simulation.summary.total_minor)
    .map(([bonus, total]) => ({ bonus, total_minor: total, lines: lineCounts.get(bonus) ?? 0 }))
    .sort((a, b) => b.total_minor - a.total_minor || a.bonus.localeCompare(b.bonus))
  const total = rows.reduce((sum, row) => sum + row.total_minor, 0)
  if (!Number.isSafeInteger(total)) throw new RangeError("The simulated total is beyond exact integer range")
  return { rows, total_minor: total }
}
