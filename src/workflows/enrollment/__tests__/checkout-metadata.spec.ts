import {
  checkoutEnrollmentInputFromOrder,
  referralCodeFromMetadata,
  optInFromMetadata,
} from "../checkout-metadata"

const registered = { id: "cus_1", has_account: true }

describe("checkoutEnrollmentInputFromOrder", () => {
  it("reads the code and the opt-in from the order metadata copied from the cart", () => {
    expect(
      checkoutEnrollmentInputFromOrder({
        id: "order_1",
        customer_id: "cus_1",
        customer: registered,
        metadata: { mlm_referral_code: " ABC123 ", mlm_opt_in: true },
        cart: { metadata: { mlm_referral_code: "OTHER", mlm_opt_in: false } },
      })
    ).toEqual({ order_id: "order_1", customer_id: "cus_1", referral_code: "ABC123", opt_in: true })
  })

  it("falls back to the linked cart's metadata when the order carries neither key", () => {
    expect(
      checkoutEnrollmentInputFromOrder({
        id: "order_2",
        customer: registered,
        metadata: { gift: true },
        cart: { metadata: { mlm_referral_code: "XYZ", mlm_opt_in: "true" } },
      })
    ).toEqual({ order_id: "order_2", customer_id: "cus_1", referral_code: "XYZ", opt_in: true })
  })

  it("never opts a guest in: it is attributed, not enrolled", () => {
    expect(
      checkoutEnrollmentInputFromOrder({
        id: "order_3",
        customer: { id: "cus_guest", has_account: false },
        metadata: { mlm_referral_code: "XYZ", mlm_opt_in: true },
      })
    ).toEqual({ order_id: "order_3", customer_id: "cus_guest", referral_code: "XYZ", opt_in: false })
  })

  it("gives no code and no opt-in for an order without metadata", () => {
    expect(checkoutEnrollmentInputFromOrder({ id: "order_4", customer: null, metadata: null })).toEqual({
      order_id: "order_4",
      customer_id: null,
      referral_code: null,
      opt_in: false,
    })
  })
})

describe("optInFromMetadata", () => {
  it.each([
    [true, true],
    ["true", true],
    ["TRUE", false],
    ["yes", false],
    [1, false],
    [false, false],
    [undefined, false],
  ])("%p -> %p", (value, expected) => {
    expect(optInFromMetadata(value)).toBe(expected)
  })
})

describe("referralCodeFromMetadata", () => {
  it("keeps a well-formed code, trimmed", () => {
    expect(referralCodeFromMetadata("  Jane-2024_x ")).toBe("Jane-2024_x")
  })

  it("treats absent and blank values as no code", () => {
    expect(referralCodeFromMetadata(undefined)).toBeNull()
    expect(referralCodeFromMetadata(null)).toBeNull()
    expect(referralCodeFromMetadata("   ")).toBeNull()
  })

  it("keeps integers as their digits", () => {
    expect(referralCodeFromMetadata(12345)).toBe("12345")
  })

  it("turns a malformed value into text that cannot equal any real code", () => {
    expect(referralCodeFromMetadata("ABC\u0000")).toBe("ABC\uFFFD")
    expect(referralCodeFromMetadata({ code: "ABC" })).toBe("<object>")
    expect(referralCodeFromMetadata(1.5)).toBe("<number>")
    const long = "A".repeat(80)
    expect(referralCodeFromMetadata(long)).toBe(`${"A".repeat(64)}\u2026`)
    expect(referralCodeFromMetadata("A".repeat(64))).toBe("A".repeat(64))
  })
})
