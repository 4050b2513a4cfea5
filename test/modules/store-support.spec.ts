// What of a valid plan the store does not pay (src/modules/mlm/domain/store-support.ts): the
// components activation refuses, each named by its path. The plans are golden fixtures' plans.
import { readFileSync } from "node:fs"
import path from "node:path"
import { parsePlan } from "../../src/engine"
import { storeSupportIssues } from "../../src/modules/mlm/domain/store-support"

const goldenPlan = (name: string) => JSON.parse(readFileSync(path.join(__dirname, "..", "golden", `${name}.json`), "utf8")).plan

describe("storeSupportIssues", () => {
  it("accepts what orders and period runs pay: unilevel, retail profit, fast start, binary volume, ranks and the rest", () => {
    const goldens = ["u1", "b1", "s1"].map(goldenPlan).map(parsePlan)
    expect(goldens.map((plan) => [plan.components.map((component) => component.type), storeSupportIssues(plan)])).toEqual(
      goldens.map((plan) => [plan.components.map((component) => component.type), []])
    )
  })

  it("names a matrix, a board and a binary in pairs mode at their paths (each has its own placement tree, so one per plan)", () => {
    const withUnilevel = (name: string) => parsePlan({ currency: "USD", components: [{ type: "unilevel", levels_bp: [1000] }, goldenPlan(name).components[0]] })
    expect(["m1", "bd1", "b3"].map((name) => storeSupportIssues(withUnilevel(name)))).toEqual([
      [{ path: "plan.components[1]", message: "the store does not pay matrix commissions (no placement at enrollment yet): simulate it, activate a plan without it" }],
      [{ path: "plan.components[1]", message: "the store does not pay board commissions (no placement at enrollment yet): simulate it, activate a plan without it" }],
      [{ path: "plan.components[1].mode", message: "the store's period runs pay binary in volume mode only" }],
    ])
    const byVolume = parsePlan({ currency: "USD", components: [{ type: "binary", rate_bp: 1000, placement: "weaker_leg_volume_bfs" }] })
    expect(storeSupportIssues(byVolume)).toEqual([
      { path: "plan.components[0].placement", message: "the store seats members by position or by leg count, not by leg volume" },
    ])
  })
})
