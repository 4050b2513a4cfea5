import { PLAN_VERSION_FIELDS } from "../plans/query-config"

/** The version in force is returned whole, definition included (what the commission worker runs). */
export const activePlanVersionQueryConfig = {
  defaults: [...PLAN_VERSION_FIELDS],
  allowed: [...PLAN_VERSION_FIELDS],
  isList: false,
}
