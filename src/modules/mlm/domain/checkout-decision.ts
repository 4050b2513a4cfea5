import type { CheckoutOutcome, ReferralResolution } from "../types"

/**
 * The checkout rule of issue 2 as a pure decision: what to do with one order's customer,
 * opt-in flag and referral code. A bad code never blocks a sale: it is recorded and skipped.
 */
export type CheckoutFacts = {
  customerId: string | null
  optIn: boolean
  codeGiven: boolean
  referrer: ReferralResolution | null
  existingDistributorId: string | null
}

export type CheckoutAction =
  | { kind: "record"; outcome: CheckoutOutcome; reason: string | null; distributorId: string | null }
  | { kind: "enroll"; sponsorId: string | null }
  | { kind: "attribute"; referrerId: string }

export const CHECKOUT_SKIP_REASONS = {
  noCustomer: "no_customer",
  noReferralCode: "no_referral_code",
  unknown: "unknown_referral_code",
  suspended: "sponsor_suspended",
  terminated: "sponsor_terminated",
  pending: "sponsor_pending",
} as const

export function decideCheckout(facts: CheckoutFacts): CheckoutAction {
  if (!facts.customerId) {
    return { kind: "record", outcome: "skipped", reason: CHECKOUT_SKIP_REASONS.noCustomer, distributorId: null }
  }
  if (facts.existingDistributorId) {
    return { kind: "record", outcome: "already_distributor", reason: null, distributorId: facts.existingDistributorId }
  }
  if (facts.codeGiven && facts.referrer && !facts.referrer.ok) {
    return { kind: "record", outcome: "skipped", reason: CHECKOUT_SKIP_REASONS[facts.referrer.reason], distributorId: null }
  }
  const referrerId = facts.referrer?.ok ? facts.referrer.distributor.id : null
  if (facts.optIn) {
    // Opted in without a code: the house sponsors (issue 2: "a house distributor exists for
    // orders and sign-ups without a sponsor").
    return { kind: "enroll", sponsorId: referrerId }
  }
  if (referrerId) {
    return { kind: "attribute", referrerId }
  }
  return { kind: "record", outcome: "skipped", reason: CHECKOUT_SKIP_REASONS.noReferralCode, distributorId: null }
}
