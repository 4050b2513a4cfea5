/**
 * Field sets the plan routes return. Responses are built from the mlm service (not from
 * `fields=`); the list leaves the draft out (up to 256 kB each), the detail returns it.
 */
export const PLAN_SUMMARY_FIELDS = ["id", "name", "period", "created_by", "updated_by", "created_at", "updated_at"] as const

export const PLAN_FIELDS = [...PLAN_SUMMARY_FIELDS, "draft"] as const

export const PLAN_VERSION_FIELDS = [
  "id",
  "plan_id",
  "version",
  "currency_code",
  "period",
  "definition",
  "hash",
  "effective_from",
  "created_by",
  "created_at",
] as const

export const listPlansQueryConfig = {
  defaults: [...PLAN_SUMMARY_FIELDS],
  allowed: [...PLAN_SUMMARY_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const retrievePlanQueryConfig = {
  defaults: [...PLAN_FIELDS],
  allowed: [...PLAN_FIELDS],
  isList: false,
}

export const listPlanVersionsQueryConfig = {
  defaults: [...PLAN_VERSION_FIELDS],
  allowed: [...PLAN_VERSION_FIELDS],
  isList: false,
}
