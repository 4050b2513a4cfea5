import { displayName, positionLabel } from "../../src/admin/components/genealogy/genealogy-types"

const member = (customer: { first_name: string | null; last_name: string | null; email: string | null } | null, is_house = false) => ({
  is_house,
  referral_code: "AB12CD34",
  customer: customer ? { id: "cus_1", ...customer } : null,
})

describe("genealogy labels", () => {
  it("names a member by its customer's name, else email, else referral code; the house as the house", () => {
    expect(displayName(member({ first_name: "Ada", last_name: "Meyer", email: "ada@x.test" }))).toBe("Ada Meyer")
    expect(displayName(member({ first_name: null, last_name: "Meyer", email: "ada@x.test" }))).toBe("Meyer")
    expect(displayName(member({ first_name: "", last_name: null, email: "ada@x.test" }))).toBe("ada@x.test")
    expect(displayName(member({ first_name: null, last_name: null, email: null }))).toBe("AB12CD34")
    expect(displayName(member(null))).toBe("AB12CD34")
    expect(displayName(member(null, true))).toBe("The house")
  })

  it("labels binary legs and 1-based matrix slots; a seat without a position is the root", () => {
    expect([0, 1, null].map((position) => positionLabel("binary", position))).toEqual(["Left leg", "Right leg", "Root"])
    expect([0, 2].map((position) => positionLabel("matrix", position))).toEqual(["Slot 1", "Slot 3"])
  })
})
