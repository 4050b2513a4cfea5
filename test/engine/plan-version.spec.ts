// A plan version is identified by the sha256 of its canonical JSON: key order and spelled-out
// defaults do not make a new version; any change of a value does.
import { parsePlan, planVersionHash } from "../../src/engine"

describe("planVersionHash", () => {
  const plan = parsePlan({ currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] })

  it("is a sha256 hex digest, stable across key order and spelled-out defaults", () => {
    expect(planVersionHash(plan)).toMatch(/^[0-9a-f]{64}$/)
    const reordered = parsePlan({
      components: [{ compression: "dynamic", levels_bp: [1000, 500], type: "unilevel" }],
      rounding: "half_up",
      currency: "USD",
    })
    expect(planVersionHash(reordered)).toBe(planVersionHash(plan))
  })

  it("changes when any value changes", () => {
    const changedRate = parsePlan({ currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 501] }] })
    const changedRounding = parsePlan({ currency: "USD", rounding: "half_even", components: [{ type: "unilevel", levels_bp: [1000, 500] }] })
    const hashes = new Set([plan, changedRate, changedRounding].map(planVersionHash))
    expect(hashes.size).toBe(3)
  })
})
