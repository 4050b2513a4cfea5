import { PLAN_SIMULATION_BOUNDS } from "../../src/modules/mlm/repositories/plan-sql"
import { effectiveFromInstant, effectiveFromProblem, localInputValue } from "../../src/admin/components/plans/activation"
import type { PlanSimulation, PlanVersion } from "../../src/admin/components/plans/plan-types"
import {
  filterLines,
  pageOfLines,
  sampleLimitFromInput,
  SIMULATION_BOUNDS,
  simulationUploadFromText,
  totalsByBonus,
} from "../../src/admin/components/plans/simulation"
import { versionState } from "../../src/admin/components/plans/versions-table-state"

/** The simulate and activate panels' pure parts (src/admin/components/plans). */

describe("an uploaded simulation file", () => {
  it("keeps members and events, and says which other keys it left out", () => {
    const text = JSON.stringify({ id: "U1", plan: { currency: "USD" }, members: [{ id: "A" }], events: [{ type: "close_period", period: "W1" }], expect: {} })
    expect(simulationUploadFromText(text)).toEqual({
      ok: true,
      upload: { members: [{ id: "A" }], events: [{ type: "close_period", period: "W1" }] },
      ignored: ["id", "plan", "expect"],
    })
    expect(simulationUploadFromText('{"events":[{"type":"join"}]}')).toEqual({ ok: true, upload: { members: [], events: [{ type: "join" }] }, ignored: [] })
  })

  it("refuses what the route would refuse, with the reason", () => {
    expect(simulationUploadFromText("[]")).toEqual({ ok: false, error: "The file must hold a JSON object with members and events" })
    expect(simulationUploadFromText('{"members":{}}')).toEqual({ ok: false, error: "members must be an array" })
    expect(simulationUploadFromText('{"members":[],"events":"x"}')).toEqual({ ok: false, error: "events must be an array" })
    expect(simulationUploadFromText("{}")).toEqual({ ok: false, error: "The file has neither members nor events" })
    const tooMany = JSON.stringify({ members: Array.from({ length: 5001 }, (_, i) => ({ id: `m${i}` })) })
    expect(simulationUploadFromText(tooMany)).toEqual({ ok: false, error: "At most 5000 members (the file has 5001)" })
    expect((simulationUploadFromText("{nope") as { error: string }).error).toMatch(/^The file is not valid JSON: /)
  })

  it("uses the route's own bounds", () => {
    expect(SIMULATION_BOUNDS).toEqual(PLAN_SIMULATION_BOUNDS)
  })
})

describe("the sample size", () => {
  it.each([
    ["100", { ok: true, limit: 100 }],
    [" 5000 ", { ok: true, limit: 5000 }],
    ["0", { ok: false, error: "Between 1 and 5000 distributors" }],
    ["5001", { ok: false, error: "Between 1 and 5000 distributors" }],
    ["1.5", { ok: false, error: "Enter a whole number of distributors" }],
    ["", { ok: false, error: "Enter a whole number of distributors" }],
  ])("%j → %j", (text, expected) => {
    expect(sampleLimitFromInput(text)).toEqual(expected)
  })
})

const lines = [
  { to: "A", bonus: "unilevel", level: 1, source: "o1", cents: 1000 },
  { to: "B", bonus: "unilevel", level: 2, source: "o1", cents: 500 },
  { to: "A", bonus: "pool", source: "W1", cents: 333 },
  { to: "C", bonus: "binary", source: "W1", cents: -200 },
  { to: "Alpha", bonus: "fast_start", source: "o2", cents: 150 },
]

describe("the lines table", () => {
  it("filters by member, bonus or source, case-insensitively", () => {
    expect(filterLines(lines, " a ").map((line) => line.to)).toEqual(["A", "A", "C", "Alpha"])
    expect(filterLines(lines, "W1").map((line) => line.bonus)).toEqual(["pool", "binary"])
    expect(filterLines(lines, "")).toEqual(lines)
  })

  it("pages on the client and clamps a page past the end", () => {
    expect(pageOfLines(lines, 0, 2)).toEqual({ rows: lines.slice(0, 2), pageIndex: 0, pageCount: 3, count: 5 })
    expect(pageOfLines(lines, 2, 2)).toEqual({ rows: lines.slice(4), pageIndex: 2, pageCount: 3, count: 5 })
    expect(pageOfLines(lines, 9, 2).pageIndex).toBe(2)
    expect(pageOfLines([], 3, 25)).toEqual({ rows: [], pageIndex: 0, pageCount: 1, count: 0 })
  })

  it("totals by bonus, largest first, with line counts and the exact grand total", () => {
    const simulation: PlanSimulation = {
      result: { lines },
      summary: { lines: 5, total_minor: { unilevel: 1500, pool: 333, binary: -200, fast_start: 150 } },
    }
    expect(totalsByBonus(simulation)).toEqual({
      rows: [
        { bonus: "unilevel", total_minor: 1500, lines: 2 },
        { bonus: "pool", total_minor: 333, lines: 1 },
        { bonus: "fast_start", total_minor: 150, lines: 1 },
        { bonus: "binary", total_minor: -200, lines: 1 },
      ],
      total_minor: 1783,
    })
  })
})

describe("the activation date", () => {
  it("reads the local wall clock and sends an instant", () => {
    const local = new Date(2026, 11, 1, 0, 0, 0)
    expect(effectiveFromInstant("2026-12-01T00:00")).toBe(local.toISOString())
    expect(effectiveFromInstant("2026-12-01T00:00:30")).toBe(new Date(2026, 11, 1, 0, 0, 30).toISOString())
    expect(localInputValue(local)).toBe("2026-12-01T00:00")
  })

  it("refuses a malformed or impossible date, and one in the past beyond five minutes", () => {
    expect(effectiveFromInstant("2026-02-30T10:00")).toBeNull()
    expect(effectiveFromInstant("tomorrow")).toBeNull()
    const now = Date.parse("2026-11-21T12:00:00Z")
    expect(effectiveFromProblem(null, now)).toBe("Enter a date and time")
    expect(effectiveFromProblem("2026-11-21T11:56:00.000Z", now)).toBeNull()
    expect(effectiveFromProblem("2026-11-21T11:54:59.000Z", now)).toBe("The date must not be in the past")
  })
})

describe("a version's state", () => {
  const version = (id: string, effectiveFrom: string) => ({ id, effective_from: effectiveFrom }) as PlanVersion
  const now = Date.parse("2026-11-21T12:00:00Z")

  it("is in force when it is the currency's active version, else scheduled or superseded by its date", () => {
    const active = new Set(["v2"])
    expect(versionState(version("v2", "2026-01-01T00:00:00Z"), active, now)).toBe("in_force")
    expect(versionState(version("v1", "2025-01-01T00:00:00Z"), active, now)).toBe("superseded")
    expect(versionState(version("v3", "2026-12-01T00:00:00Z"), active, now)).toBe("scheduled")
  })
})
