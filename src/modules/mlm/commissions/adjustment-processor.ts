/**
 * Refunds, returns and cancellations → the spec's clawback lines (spec "Refunds"; docs/ledger.md).
 *
 * The record's net CV is min(CV of what was not returned, CV pro rata of the money not refunded),
 * so a return followed by the refund of the same goods lowers it once, and a goodwill refund
 * without a return still lowers it. Every term is recomputed on the new net CV with the payee,
 * level and rate fixed when the order was processed, and the difference is posted as new lines:
 * `pending` (same hold) while the order is held, `available` after. A cancellation during the hold
 * cancels the order's held lines instead. One adjustment per key: a redelivered refund writes
 * nothing. Each adjustment runs in its own transaction with the record locked, so two refunds of
 * one order apply one after the other.
 */
import { parsePlan } from "../../../engine"
import { adjustmentCents, type OrderTerm } from "../../../engine/live/order-terms"
import { mulDivRound } from "../../../engine/money"
import { insertLedgerLines, type LedgerLineInsert } from "../repositories/ledger-sql"
import type { SqlExec } from "../repositories/sql-exec"
import { recordDomainAudit, userOrSystem, type AuditContext } from "../security/audit-context"
import { jobKeyOf, type AdjustmentJob, type OrderJob } from "./jobs"
import type { LedgerConfig } from "./order-processor"
import type { SqlDb } from "./sql-db"

/** The adjustment can never succeed as sent (the queue must not retry it). */
export class AdjustmentRefusedError extends Error {
  override name = "AdjustmentRefusedError"
}

/** The order's own job has not been processed yet: retry later. */
export class OrderNotRecordedError extends Error {
  override name = "OrderNotRecordedError"
}

type RecordRow = {
  order_id: string
  plan_version_id: string | null
  currency_code: string
  owner_node: number | null
  cv_minor: string
  net_cv_minor: string
  total_minor: string
  refunded_minor: string
  returned_cv_minor: string
  returned_items: Record<string, number>
  items: OrderJob["items"]
  terms: OrderTerm[]
  period_key: string
  hold_until: Date
  status: "open" | "canceled"
}

export interface AdjustmentOutcome {
  duplicate: boolean
  netCvBefore: number
  netCvAfter: number
  lines: number
  canceledLines: number
}

export async function processAdjustment(db: SqlDb, job: AdjustmentJob, config: LedgerConfig, audit?: AuditContext): Promise<AdjustmentOutcome> {
  return db.transaction(async (exec) => {
    const [record] = await exec<RecordRow>(
      `SELECT *, mlm_order_terms(order_id, zero_terms) AS terms FROM mlm_commission_record WHERE order_id = $1 FOR UPDATE`,
      [job.order_id],
    )
    if (!record) throw new OrderNotRecordedError(`Order ${job.order_id} has no commission record yet`)
    const seen = await exec(`SELECT 1 FROM mlm_commission_adjustment WHERE adjustment_key = $1`, [job.adjustment_key])
    const netBefore = Number(record.net_cv_minor)
    if (seen.length > 0) {
      await markDone(exec, job)
      return { duplicate: true, netCvBefore: netBefore, netCvAfter: netBefore, lines: 0, canceledLines: 0 }
    }

    const next = nextState(record, job)
    const netAfter = Math.min(netBefore, next.netCv)
    await exec(
      `INSERT INTO mlm_commission_adjustment (adjustment_key, order_id, kind, cv_minor, net_cv_before, net_cv_after, actor_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [job.adjustment_key, job.order_id, job.type, netBefore - netAfter, netBefore, netAfter, job.actor_id ?? null, job.reason ?? null],
    )
    await exec(
      `UPDATE mlm_commission_record
          SET refunded_minor = $2, returned_cv_minor = $3, returned_items = $4::jsonb, net_cv_minor = $5,
              status = $6, updated_at = now()
        WHERE order_id = $1`,
      [job.order_id, next.refundedMinor, next.returnedCvMinor, JSON.stringify(next.returnedItems), netAfter, next.status],
    )
    // PV falls only while the order's period is still the owner's current one (spec "Refunds").
    if (record.owner_node !== null && netAfter < netBefore) {
      await exec(
        `UPDATE mlm_distributor SET pv_minor = pv_minor - $2 WHERE node_id = $1 AND pv_period_key = $3`,
        [record.owner_node, netBefore - netAfter, record.period_key],
      )
    }

    let lines = 0
    let canceledLines = 0
    const held = new Date(record.hold_until).getTime() > config.now().getTime()
    if (record.plan_version_id !== null && netAfter < netBefore) {
      if (job.type === "cancel" && held) {
        canceledLines = await cancelHeldLines(exec, job.order_id)
      } else {
        const [version] = await exec<{ definition: unknown }>(`SELECT definition FROM mlm_plan_version WHERE id = $1`, [record.plan_version_id])
        const plan = parsePlan(version.definition)
        const cv = Number(record.cv_minor)
        const rows: LedgerLineInsert[] = adjustmentCents(record.terms, cv, netBefore, netAfter, plan.rounding).map(({ term, cents }) => ({
          source_kind: "adjustment",
          source_id: job.adjustment_key,
          beneficiary_node: term.to,
          bonus: term.bonus,
          level: term.level,
          amount_minor: cents,
          currency_code: record.currency_code,
          plan_version_id: record.plan_version_id!,
          order_id: job.order_id,
          // The change of CV the line is computed on (for retail profit: the pro-rating basis).
          base_minor: netAfter - netBefore,
          rate_bp: term.rateBp,
          status: held ? "pending" : "available",
          hold_until: held ? new Date(record.hold_until).toISOString() : null,
        }))
        lines = await insertLedgerLines(exec, rows)
      }
    }
    await recordDomainAudit(exec, {
      event: "mlm_ledger_adjusted",
      target_type: "order",
      target_id: job.order_id,
      before: { net_cv_minor: netBefore, refunded_minor: Number(record.refunded_minor), status: record.status },
      after: {
        kind: job.type,
        adjustment_key: job.adjustment_key,
        net_cv_minor: netAfter,
        refunded_minor: next.refundedMinor,
        status: next.status,
        lines,
        canceled_lines: canceledLines,
        reason: job.reason ?? null,
      },
    }, audit ?? userOrSystem(job.actor_id, "commission-worker"))
    await markDone(exec, job)
    return { duplicate: false, netCvBefore: netBefore, netCvAfter: netAfter, lines, canceledLines }
  })
}

function nextState(record: RecordRow, job: AdjustmentJob) {
  const cv = Number(record.cv_minor)
  const total = Number(record.total_minor)
  let refundedMinor = Number(record.refunded_minor)
  const returnedItems: Record<string, number> = { ...record.returned_items }
  let status = record.status

  if (job.type === "refund") {
    const amount = job.refund_minor ?? 0
    if (refundedMinor + amount > total) {
      throw new AdjustmentRefusedError(
        `Refund of ${amount} exceeds the ${total - refundedMinor} that remains refundable on order ${job.order_id}`,
      )
    }
    refundedMinor += amount
  } else if (job.type === "return") {
    for (const returned of job.items ?? []) {
      const item = record.items.find((candidate) => candidate.item_id === returned.item_id)
      if (!item) throw new AdjustmentRefusedError(`Order ${job.order_id} has no item ${returned.item_id}`)
      const quantity = (returnedItems[returned.item_id] ?? 0) + returned.quantity
      if (quantity > item.quantity) {
        throw new AdjustmentRefusedError(
          `Return of ${returned.quantity} × ${returned.item_id} exceeds the ${item.quantity - (returnedItems[returned.item_id] ?? 0)} not yet returned on order ${job.order_id}`,
        )
      }
      returnedItems[returned.item_id] = quantity
    }
  } else {
    status = "canceled"
  }

  // Cumulative, so rounding never drifts over several partial refunds or returns.
  let returnedCvMinor = 0
  for (const item of record.items) {
    const quantity = returnedItems[item.item_id] ?? 0
    if (quantity > 0) returnedCvMinor += mulDivRound(item.cv_minor, quantity, item.quantity, "half_up")
  }
  const byMoney = total === 0 ? cv : cv - mulDivRound(cv, refundedMinor, total, "half_up")
  const netCv = status === "canceled" ? 0 : Math.max(0, Math.min(cv - returnedCvMinor, byMoney))
  return { refundedMinor, returnedCvMinor, returnedItems, status, netCv }
}

/** Cancels the held lines of an order and of its earlier adjustments; returns how many. */
async function cancelHeldLines(exec: SqlExec, orderId: string): Promise<number> {
  const rows = await exec<{ n: string }>(
    `WITH sources AS (
       SELECT $1::text AS source_id
       UNION ALL SELECT adjustment_key FROM mlm_commission_adjustment WHERE order_id = $1),
     canceled AS (
       UPDATE mlm_ledger_line l SET status = 'canceled', status_changed_at = now()
         FROM sources s WHERE l.source_id = s.source_id AND l.order_id = $1 AND l.status = 'pending'
       RETURNING 1)
     SELECT count(*) AS n FROM canceled`,
    [orderId],
  )
  return Number(rows[0]?.n ?? 0)
}

async function markDone(exec: SqlExec, job: AdjustmentJob): Promise<void> {
  await exec(`UPDATE mlm_outbox SET status = 'done', done_at = now() WHERE job_key = $1 AND status <> 'done'`, [jobKeyOf(job)])
}
