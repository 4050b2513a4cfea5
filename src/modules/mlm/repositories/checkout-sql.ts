import type { AttributionDTO, CheckoutEnrollmentResult, CheckoutOutcome } from "../types"
import type { SqlExec } from "./sql-exec"

/**
 * The checkout idempotency record and customer attribution. Both key on a plain (not partial)
 * unique index, so a claim holds for every row ever written, soft-deleted or not.
 */

type CheckoutRow = { outcome: CheckoutOutcome; reason: string | null; distributor_id: string | null }

/**
 * Claims an order: true when this transaction inserted its record (and must fill it in before
 * commit), false when the order was decided before. A concurrent claim waits on the unique
 * index until the first commits, then reads the first outcome.
 */
export async function claimCheckoutOrder(
  exec: SqlExec,
  claim: { id: string; orderId: string; customerId: string | null; referralCode: string | null; optIn: boolean }
): Promise<boolean> {
  const rows = await exec(
    `INSERT INTO mlm_checkout_enrollment (id, order_id, customer_id, referral_code, opt_in, outcome, reason)
     VALUES ($1, $2, $3, $4, $5, 'skipped', 'in_progress')
     ON CONFLICT (order_id) DO NOTHING RETURNING id`,
    [claim.id, claim.orderId, claim.customerId, claim.referralCode, claim.optIn]
  )
  return rows.length === 1
}

export async function selectCheckoutResult(exec: SqlExec, orderId: string): Promise<CheckoutEnrollmentResult | null> {
  const rows = await exec<CheckoutRow>(
    `SELECT outcome, reason, distributor_id FROM mlm_checkout_enrollment WHERE order_id = $1`,
    [orderId]
  )
  return rows[0] ? { outcome: rows[0].outcome, reason: rows[0].reason, distributor_id: rows[0].distributor_id } : null
}

export async function completeCheckoutOrder(exec: SqlExec, orderId: string, result: CheckoutEnrollmentResult): Promise<void> {
  await exec(
    `UPDATE mlm_checkout_enrollment SET outcome = $2, reason = $3, distributor_id = $4, updated_at = now() WHERE order_id = $1`,
    [orderId, result.outcome, result.reason, result.distributor_id]
  )
}

/** First referrer wins: returns the referrer that holds after this call. */
export async function attributeCustomer(
  exec: SqlExec,
  row: { id: string; customerId: string; referrerId: string; source: string; sourceRef: string | null }
): Promise<{ referrerId: string; created: boolean }> {
  const inserted = await exec<{ referrer_id: string }>(
    `INSERT INTO mlm_customer_attribution (id, customer_id, referrer_id, source, source_ref)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (customer_id) DO NOTHING RETURNING referrer_id`,
    [row.id, row.customerId, row.referrerId, row.source, row.sourceRef]
  )
  if (inserted[0]) {
    return { referrerId: inserted[0].referrer_id, created: true }
  }
  const existing = await selectAttribution(exec, row.customerId)
  return { referrerId: existing!.referrer_id, created: false }
}

export async function selectAttribution(exec: SqlExec, customerId: string): Promise<(AttributionDTO & { referrer_id: string }) | null> {
  const rows = await exec<AttributionDTO>(
    `SELECT customer_id, referrer_id, source, created_at FROM mlm_customer_attribution WHERE customer_id = $1`,
    [customerId]
  )
  return rows[0] ? { ...rows[0], created_at: new Date(rows[0].created_at) } : null
}
