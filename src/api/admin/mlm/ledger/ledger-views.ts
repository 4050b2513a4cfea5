import type { LedgerLineRow } from "../../../../modules/mlm/repositories/statement-sql"

/**
 * What each audience sees of the ledger (OWASP API3: properties are chosen here, never passed
 * through). PostgreSQL returns bigint columns as text; amounts leave as integers in minor units,
 * and the ledger's internal node keys leave as distributor ids.
 */

type BigintText = string | number

/** bigint text → integer. Amounts stay far below 2^53; a value that does not is a broken row. */
function integer(value: BigintText): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`Ledger value ${value} is not a safe integer`)
  return number
}

const integerOrNull = (value: BigintText | null) => (value === null ? null : integer(value))

export function adminLedgerLineView(row: LedgerLineRow) {
  return {
    id: String(row.id),
    distributor_id: row.beneficiary_id,
    source_kind: row.source_kind,
    source_id: row.source_id,
    order_id: row.order_id,
    bonus: row.bonus,
    level: Number(row.level),
    amount_minor: integer(row.amount_minor),
    currency_code: row.currency_code,
    base_minor: integerOrNull(row.base_minor),
    rate_bp: row.rate_bp === null ? null : Number(row.rate_bp),
    plan_version_id: row.plan_version_id,
    status: row.status,
    hold_until: row.hold_until,
    created_at: row.created_at,
  }
}

export function storeLedgerLineView(row: LedgerLineRow) {
  const line = adminLedgerLineView(row)
  return {
    id: line.id,
    source_kind: line.source_kind,
    order_id: line.order_id,
    bonus: line.bonus,
    level: line.level,
    amount_minor: line.amount_minor,
    currency_code: line.currency_code,
    base_minor: line.base_minor,
    rate_bp: line.rate_bp,
    status: line.status,
    hold_until: line.hold_until,
    created_at: line.created_at,
  }
}

export type CommissionRecordRow = {
  order_id: string
  plan_version_id: string | null
  currency_code: string
  customer_id: string | null
  owner_node: number | null
  buyer_kind: string
  cv_minor: BigintText
  net_cv_minor: BigintText
  total_minor: BigintText
  retail_minor: BigintText | null
  wholesale_minor: BigintText | null
  refunded_minor: BigintText
  returned_cv_minor: BigintText
  returned_items: Record<string, number>
  items: unknown[]
  terms: { to: number; bonus: string; level: number; rateBp: number | null; fullMinor: number | null }[]
  period_key: string
  placed_at: Date
  hold_until: Date
  status: string
  created_at: Date
  updated_at: Date
}

/** Nodes a record names (its owner, its payees), to be turned into distributor ids. */
export function nodesOfRecord(record: CommissionRecordRow): number[] {
  return [...(record.owner_node === null ? [] : [record.owner_node]), ...record.terms.map((term) => term.to)]
}

export function adminCommissionRecordView(record: CommissionRecordRow, distributorOf: Map<number, string>) {
  const idOf = (node: number | null) => (node === null ? null : (distributorOf.get(Number(node)) ?? null))
  return {
    order_id: record.order_id,
    plan_version_id: record.plan_version_id,
    currency_code: record.currency_code,
    customer_id: record.customer_id,
    owner_distributor_id: idOf(record.owner_node),
    buyer_kind: record.buyer_kind,
    cv_minor: integer(record.cv_minor),
    net_cv_minor: integer(record.net_cv_minor),
    total_minor: integer(record.total_minor),
    retail_minor: integerOrNull(record.retail_minor),
    wholesale_minor: integerOrNull(record.wholesale_minor),
    refunded_minor: integer(record.refunded_minor),
    returned_cv_minor: integer(record.returned_cv_minor),
    returned_items: record.returned_items,
    items: record.items,
    // The payout terms fixed when the order was processed; a refund recomputes each of them.
    terms: record.terms.map((term) => ({
      distributor_id: idOf(term.to),
      bonus: term.bonus,
      level: term.level,
      rate_bp: term.rateBp,
      full_minor: term.fullMinor,
    })),
    period_key: record.period_key,
    placed_at: record.placed_at,
    hold_until: record.hold_until,
    status: record.status,
    created_at: record.created_at,
    updated_at: record.updated_at,
  }
}

export type CommissionAdjustmentRow = {
  id: BigintText
  adjustment_key: string
  order_id: string
  kind: string
  cv_minor: BigintText
  net_cv_before: BigintText
  net_cv_after: BigintText
  actor_id: string | null
  reason: string | null
  created_at: Date
}

export function adminCommissionAdjustmentView(row: CommissionAdjustmentRow) {
  return {
    id: String(row.id),
    adjustment_key: row.adjustment_key,
    order_id: row.order_id,
    kind: row.kind,
    cv_minor: integer(row.cv_minor),
    net_cv_before: integer(row.net_cv_before),
    net_cv_after: integer(row.net_cv_after),
    actor_id: row.actor_id,
    reason: row.reason,
    created_at: row.created_at,
  }
}
