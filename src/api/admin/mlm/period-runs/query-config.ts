/**
 * Field sets the period run routes return. Responses are built from the module (not from
 * `fields=`); a run carries its summary (small: counts and timings), results are paged.
 */
export const PERIOD_RUN_FIELDS = [
  "id",
  "period_key",
  "currency_code",
  "plan_version_id",
  "status",
  "phase",
  "progress",
  "runs",
  "error",
  "summary",
  "started_at",
  "finished_at",
  "closed_at",
  "closed_by",
  "created_at",
] as const

export const PERIOD_RESULT_FIELDS = ["distributor_id", "beneficiary_node", "bonus", "level", "amount_minor", "base_minor", "rate_bp"] as const

export const listPeriodRunsQueryConfig = {
  defaults: [...PERIOD_RUN_FIELDS],
  allowed: [...PERIOD_RUN_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const retrievePeriodRunQueryConfig = {
  defaults: [...PERIOD_RUN_FIELDS],
  allowed: [...PERIOD_RUN_FIELDS],
  isList: false,
}

export const listPeriodResultsQueryConfig = {
  defaults: [...PERIOD_RESULT_FIELDS],
  allowed: [...PERIOD_RESULT_FIELDS],
  defaultLimit: 20,
  isList: true,
}
