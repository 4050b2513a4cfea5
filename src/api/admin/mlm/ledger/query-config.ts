/**
 * What a ledger line looks like in the API. The beneficiary is named by its distributor id
 * (the ledger's node key stays inside the module); amounts are integers in minor units.
 */
export const ADMIN_LEDGER_LINE_FIELDS = [
  "id",
  "distributor_id",
  "source_kind",
  "source_id",
  "order_id",
  "bonus",
  "level",
  "amount_minor",
  "currency_code",
  "base_minor",
  "rate_bp",
  "plan_version_id",
  "status",
  "hold_until",
  "created_at",
] as const

export const listLedgerQueryConfig = {
  defaults: [...ADMIN_LEDGER_LINE_FIELDS],
  allowed: [...ADMIN_LEDGER_LINE_FIELDS],
  defaultLimit: 20,
  isList: true,
}

/** A distributor's own statement: no plan internals, no adjustment keys, no other beneficiary. */
export const STORE_LEDGER_LINE_FIELDS = [
  "id",
  "source_kind",
  "order_id",
  "bonus",
  "level",
  "amount_minor",
  "currency_code",
  "base_minor",
  "rate_bp",
  "status",
  "hold_until",
  "created_at",
] as const

export const storeLedgerQueryConfig = {
  defaults: [...STORE_LEDGER_LINE_FIELDS],
  allowed: [...STORE_LEDGER_LINE_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const balancesQueryConfig = {
  defaults: ["currency_code", "pending_minor", "available_minor"],
  allowed: ["currency_code", "pending_minor", "available_minor"],
  isList: false,
}
