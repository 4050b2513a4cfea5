import { decideCheckout } from "../domain/checkout-decision"
import { generateReferralCode, normalizeReferralCode, REFERRAL_CODE_ALPHABET } from "../domain/referral-code"
import { statusTransitionError } from "../domain/status-transitions"
import { toKnexBindings } from "../repositories/sql-exec"
import { PATH_KEY_LENGTH, subtreePredicate, subtreeRange } from "../repositories/subtree-range"
import type { DistributorDTO } from "../types"

describe("subtreeRange", () => {
  it("is [P, P with last+1) for a node within the indexed prefix", () => {
    expect(subtreeRange([1, 7, 42])).toEqual({ lowKey: [1, 7, 42], highKey: [1, 7, 43], exactPrefix: null })
  })

  it("truncates to the indexed prefix and keeps the exact prefix for deeper nodes", () => {
    const path = Array.from({ length: 300 }, (_, i) => i + 1)
    const range = subtreeRange(path)
    expect(range.lowKey).toHaveLength(PATH_KEY_LENGTH)
    expect(range.highKey[PATH_KEY_LENGTH - 1]).toBe(PATH_KEY_LENGTH + 1)
    expect(range.exactPrefix).toEqual(path)
    expect(subtreePredicate("d", range, 4).sql).toBe(
      "d.path_key >= $4::int[] AND d.path_key < $5::int[] AND d.path[1:cardinality($6::int[])] = $6::int[]"
    )
  })
})

describe("toKnexBindings", () => {
  it("maps $n to ? in order of appearance, repeating repeated placeholders", () => {
    expect(toKnexBindings("SELECT $2, $1, $2::int[]", ["a", [1, 2]])).toEqual({ sql: "SELECT ?, ?, ?::int[]", bindings: [[1, 2], "a", [1, 2]] })
  })

  it("refuses a placeholder without a parameter", () => {
    expect(() => toKnexBindings("SELECT $3", [1])).toThrow("SQL placeholder $3 has no parameter (1 given)")
  })
})

describe("referral codes", () => {
  it("are 8 characters of the unambiguous alphabet", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateReferralCode()
      expect(code).toHaveLength(8)
      expect([...code].every((ch) => REFERRAL_CODE_ALPHABET.includes(ch))).toBe(true)
    }
    expect(REFERRAL_CODE_ALPHABET).not.toMatch(/[ILOU]/)
    expect(normalizeReferralCode("  ab12cd34 ")).toBe("AB12CD34")
  })
})

describe("statusTransitionError", () => {
  it("makes terminated final and allows the rest", () => {
    expect(statusTransitionError("terminated", "active")).toBe("Distributor is terminated; terminated is final and cannot become active")
    expect(statusTransitionError("suspended", "active")).toBeNull()
    expect(statusTransitionError("active", "terminated")).toBeNull()
  })
})

describe("decideCheckout", () => {
  const referrer = { ok: true as const, distributor: { id: "mlmdist_r" } as DistributorDTO }
  const base = { customerId: "cus_1", optIn: true, codeGiven: true, referrer, existingDistributorId: null }

  it("covers every branch of the checkout rule", () => {
    expect(decideCheckout({ ...base, customerId: null })).toEqual({ kind: "record", outcome: "skipped", reason: "no_customer", distributorId: null })
    expect(decideCheckout({ ...base, existingDistributorId: "mlmdist_me" })).toEqual({
      kind: "record",
      outcome: "already_distributor",
      reason: null,
      distributorId: "mlmdist_me",
    })
    expect(decideCheckout({ ...base, referrer: { ok: false, reason: "suspended" } })).toEqual({
      kind: "record",
      outcome: "skipped",
      reason: "sponsor_suspended",
      distributorId: null,
    })
    expect(decideCheckout(base)).toEqual({ kind: "enroll", sponsorId: "mlmdist_r" })
    expect(decideCheckout({ ...base, codeGiven: false, referrer: null })).toEqual({ kind: "enroll", sponsorId: null })
    expect(decideCheckout({ ...base, optIn: false })).toEqual({ kind: "attribute", referrerId: "mlmdist_r" })
    expect(decideCheckout({ ...base, optIn: false, codeGiven: false, referrer: null })).toEqual({
      kind: "record",
      outcome: "skipped",
      reason: "no_referral_code",
      distributorId: null,
    })
  })
})
