/**
 * The commission queue's job contract (docs/ledger.md). A job is self-contained: the subscriber
 * gathers every order fact the worker needs, so the worker reads only the plugin's own tables.
 * The job key is the idempotency key of event and order: BullMQ's jobId while the job is in
 * Redis, the outbox's unique key, and (through the ledger's unique line identity and the
 * commission record's primary key) what makes a duplicate write nothing in PostgreSQL.
 */
import { z } from "zod"

export const COMMISSION_QUEUE = "mlm-commissions"
export const DEFAULT_QUEUE_PREFIX = "mlm"

const id = z.string().min(1).max(200)
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const currency = z.string().regex(/^[A-Z]{3}$/)
const instant = z.string().datetime({ offset: true })

export const orderJobSchema = z.strictObject({
  kind: z.literal("order"),
  order_id: id,
  currency_code: currency,
  placed_at: instant,
  customer_id: id.nullable(),
  /** The buyer's distributor (after enrollment at checkout), else null. */
  distributor_id: id.nullable(),
  /** A non-distributor buyer's referrer (customer attribution), else null. */
  referrer_id: id.nullable(),
  total_minor: minor,
  items: z
    .array(
      z.strictObject({
        item_id: id,
        variant_id: id.nullable(),
        quantity: z.number().int().min(1).max(1_000_000),
        unit_price_minor: minor,
        cv_minor: minor,
      }),
    )
    .max(10_000),
  retail_minor: minor.nullable(),
  wholesale_minor: minor.nullable(),
})

export const adjustmentJobSchema = z.strictObject({
  kind: z.literal("adjustment"),
  adjustment_key: id,
  order_id: id,
  type: z.enum(["refund", "return", "cancel"]),
  at: instant,
  /** refund: money refunded by this refund. */
  refund_minor: minor.optional(),
  /** return: order line items and quantities received back. */
  items: z.array(z.strictObject({ item_id: id, quantity: z.number().int().min(1).max(1_000_000) })).max(10_000).optional(),
  /** Who made a manual adjustment, and why (admin API); absent for store events. */
  actor_id: id.optional(),
  reason: z.string().max(1000).optional(),
})

export const commissionJobSchema = z.discriminatedUnion("kind", [orderJobSchema, adjustmentJobSchema])

export type OrderJob = z.infer<typeof orderJobSchema>
export type AdjustmentJob = z.infer<typeof adjustmentJobSchema>
export type CommissionJob = z.infer<typeof commissionJobSchema>

/** BullMQ refuses ':' in custom ids; keys are `<event>-<id>`. */
export function jobKeyOf(job: CommissionJob): string {
  return job.kind === "order" ? `order-${job.order_id}` : `${job.type}-${job.adjustment_key}`
}

/** Retries with exponential backoff; failed jobs are kept for the admin API to list and retry. */
export const COMMISSION_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1000 },
  // A completed job's record is its outbox row (done) and its commission record; keeping it in
  // Redis as well cost Redis and the worker about 20 µs per order (bench:pipeline).
  removeOnComplete: true,
  removeOnFail: false,
} as const
