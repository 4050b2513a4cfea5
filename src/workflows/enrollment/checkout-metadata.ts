/**
 * The storefront's side of checkout enrollment: two cart metadata keys, set with
 * `POST /store/carts/:id { metadata: { mlm_referral_code, mlm_opt_in } }`.
 * completeCartWorkflow (core-flows 2.21.2) copies `cart.metadata` onto the order, so the keys are
 * read from the order; the cart linked to the order (order-cart link) is the fallback for orders
 * whose metadata was not copied. Pure: order facts in, service input out.
 */

export const CART_METADATA_REFERRAL_CODE = "mlm_referral_code"
export const CART_METADATA_OPT_IN = "mlm_opt_in"

const REFERRAL_CODE_MAX_LENGTH = 64
const WELL_FORMED_CODE = /^[A-Za-z0-9_-]+$/

export type OrderEnrollmentFacts = {
  id: string
  customer_id?: string | null
  metadata?: Record<string, unknown> | null
  customer?: { id: string; has_account?: boolean | null } | null
  cart?: { metadata?: Record<string, unknown> | null } | null
}

export type CheckoutEnrollmentInput = {
  order_id: string
  customer_id: string | null
  referral_code: string | null
  opt_in: boolean
}

export function checkoutEnrollmentInputFromOrder(order: OrderEnrollmentFacts): CheckoutEnrollmentInput {
  const metadata = enrollmentMetadata(order)
  const customerId = order.customer?.id ?? order.customer_id ?? null
  // A guest has no account to log into, so it cannot run a distributor back office: it is
  // attributed to the referrer instead, whatever it ticked.
  const hasAccount = order.customer?.has_account === true
  return {
    order_id: order.id,
    customer_id: customerId,
    referral_code: referralCodeFromMetadata(metadata[CART_METADATA_REFERRAL_CODE]),
    opt_in: hasAccount && optInFromMetadata(metadata[CART_METADATA_OPT_IN]),
  }
}

function enrollmentMetadata(order: OrderEnrollmentFacts): Record<string, unknown> {
  const orderMetadata = order.metadata ?? {}
  if (CART_METADATA_REFERRAL_CODE in orderMetadata || CART_METADATA_OPT_IN in orderMetadata) {
    return orderMetadata
  }
  return order.cart?.metadata ?? {}
}

export function optInFromMetadata(value: unknown): boolean {
  return value === true || value === "true"
}

/**
 * A code from the storefront is untrusted text. A malformed one must still be recorded (the
 * enrollment is skipped as "unknown", the sale goes through), but it must never match a real code
 * by accident nor reach PostgreSQL with a NUL byte. Replacement characters fall outside the code
 * alphabet, so a sanitised malformed value can never equal a real code.
 */
export function referralCodeFromMetadata(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null
  }
  const text =
    typeof value === "string"
      ? value.trim()
      : Number.isSafeInteger(value)
        ? String(value)
        : describeNonString(value)
  if (text === "") {
    return null
  }
  if (text.length <= REFERRAL_CODE_MAX_LENGTH && WELL_FORMED_CODE.test(text)) {
    return text
  }
  const visible = text.replace(/\u0000/g, "\uFFFD")
  return visible.length > REFERRAL_CODE_MAX_LENGTH
    ? `${visible.slice(0, REFERRAL_CODE_MAX_LENGTH)}\u2026`
    : visible
}

function describeNonString(value: unknown): string {
  // Always carries a character outside the code alphabet ("<", ">").
  return `<${typeof value}>`
}
