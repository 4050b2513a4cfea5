/** One order's commission: its record, the adjustments applied to it, and its ledger lines. */
export const ORDER_COMMISSION_FIELDS = ["record", "adjustments", "lines"] as const

export const orderCommissionQueryConfig = {
  defaults: [...ORDER_COMMISSION_FIELDS],
  allowed: [...ORDER_COMMISSION_FIELDS],
  isList: false,
}
