// Placement properties of simulate(): whatever the policy, binary (bfs, extreme and weaker-leg
// policies) and matrix placement never reuse a slot, never exceed the width, keep the tree
// acyclic and place every member inside its sponsor's subtree.
import fc from "fast-check"
import { BINARY_PLACEMENTS } from "../../../src/engine/schema"
import { simulate } from "../../../src/engine"
import { interpret, step } from "./documents"

type Placement = { parent: string; side?: string; slot?: number }

const joinsAndOrders = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 70 }),
  initialMembers: fc.integer({ min: 1, max: 10 }),
})

function document(component: Record<string, unknown>, input: { steps: Parameters<typeof interpret>[0]; initialMembers: number }) {
  // Joins, orders (weaker_leg_volume compares leg volume), refunds and period closes; no
  // terminations, so that every member stays placeable.
  const facts = interpret(input.steps, { initialMembers: input.initialMembers, customers: false, weights: [55, 25, 5, 5, 0, 10] })
  const sponsorOf = new Map<string, string | undefined>()
  for (const member of [...facts.members, ...facts.events.filter((e) => e.type === "join").map((e) => e.member as Record<string, unknown>)]) {
    sponsorOf.set(member.id as string, member.sponsor as string | undefined)
  }
  return { doc: { id: "placement", plan: { currency: "USD", components: [component] }, members: facts.members, events: facts.events }, sponsorOf }
}

function assertSoundTree(placements: Record<string, Placement>, sponsorOf: Map<string, string | undefined>, slotOf: (p: Placement) => number, width: number): void {
  const [root, ...others] = [...sponsorOf.keys()]
  expect(Object.keys(placements).sort()).toEqual(others.sort())
  const taken = new Set<string>()
  for (const [id, placement] of Object.entries(placements)) {
    const slot = slotOf(placement)
    expect(slot >= 1 && slot <= width).toBe(true)
    const key = `${placement.parent}#${slot}`
    expect(taken.has(key)).toBe(false)
    taken.add(key)
    // Acyclic: walking up reaches the root within as many steps as there are members, and
    // passes the sponsor on the way (placed inside the sponsor's subtree).
    let at = id
    let passedSponsor = false
    for (let steps = 0; at !== root; steps++) {
      expect(steps).toBeLessThan(sponsorOf.size)
      at = placements[at].parent
      if (at === sponsorOf.get(id)) passedSponsor = true
    }
    expect(passedSponsor).toBe(true)
  }
}

describe("simulate() placement properties", () => {
  it.each(BINARY_PLACEMENTS)("binary %s: slots unique, width 2, acyclic, inside the sponsor's subtree", (policy) => {
    fc.assert(
      fc.property(joinsAndOrders, (input) => {
        const { doc, sponsorOf } = document({ type: "binary", placement: policy, rate_bp: 1000 }, input)
        const placements = (simulate(doc).placements ?? {}) as Record<string, Placement>
        assertSoundTree(placements, sponsorOf, (p) => (p.side === "left" ? 1 : p.side === "right" ? 2 : 0), 2)
      }),
      { numRuns: 60 }
    )
  })

  it("matrix: slots unique, within the width, acyclic, inside the sponsor's subtree", () => {
    fc.assert(
      fc.property(joinsAndOrders, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (input, width, depth) => {
        const { doc, sponsorOf } = document({ type: "matrix", width, depth, levels_bp: [1000, 500, 250].slice(0, depth), completion_bonus_cents: 100 }, input)
        const placements = (simulate(doc).placements ?? {}) as Record<string, Placement>
        assertSoundTree(placements, sponsorOf, (p) => p.slot ?? 0, width)
      }),
      { numRuns: 100 }
    )
  })
})
