/** What an admin sees of a checkout enrollment outcome (one row per order). */
export const CHECKOUT_ENROLLMENT_FIELDS = [
  "id",
  "order_id",
  "customer_id",
  "referral_code",
  "opt_in",
  "outcome",
  "reason",
  "distributor_id",
  "created_at",
] as const

export const listEnrollmentsQueryConfig = {
  defaults: [...CHECKOUT_ENROLLMENT_FIELDS],
  allowed: [...CHECKOUT_ENROLLMENT_FIELDS],
  defaultLimit: 20,
  isList: true,
}
