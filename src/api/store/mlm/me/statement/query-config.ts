/** What a statement line shows (OWASP API3): the caller's own line and the facts behind it, no buyer. */
export const STORE_STATEMENT_LINE_FIELDS = [
  "id",
  "bonus",
  "level",
  "amount_minor",
  "currency_code",
  "status",
  "hold_until",
  "created_at",
  "earned_at",
  "period_key",
  "base_minor",
  "rate_bp",
  "source",
  "explanation",
] as const

export const storeStatementQueryConfig = {
  defaults: [...STORE_STATEMENT_LINE_FIELDS],
  allowed: [...STORE_STATEMENT_LINE_FIELDS],
  defaultLimit: 20,
  isList: true,
}
