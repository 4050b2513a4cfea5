import { z } from "@medusajs/framework/zod"
import { idField, offsetField } from "../../../mlm-request-fields"
import { instantField, periodKeyField } from "../../../store/mlm/me/volumes/back-office-fields"
import { LEDGER_BONUSES, LEDGER_LINE_STATUSES } from "./ledger-vocabulary"

export { LEDGER_BONUSES, LEDGER_LINE_STATUSES }

// Statements are read in longer pages than the tree lists, still bounded.
export const LEDGER_LIMIT_MAX = 200
export const LEDGER_LIMIT_DEFAULT = 20

export const ledgerLimitField = () =>
  z.coerce.number().int().min(1).max(LEDGER_LIMIT_MAX).default(LEDGER_LIMIT_DEFAULT)

export const ledgerStatusField = () => z.enum(LEDGER_LINE_STATUSES)

/** The criteria of GET /admin/mlm/ledger, which its CSV export takes too. */
export const ledgerCriteriaFields = {
  distributor_id: idField("distributor_id").optional(),
  order_id: idField("order_id").optional(),
  status: ledgerStatusField().optional(),
  bonus: z.enum(LEDGER_BONUSES).optional(),
  // The commission period a line belongs to: its order's period, or its period run's.
  period_key: periodKeyField().optional(),
  // When the line was posted: `from` inclusive, `to` exclusive; either may be given alone.
  from: instantField("from").optional(),
  to: instantField("to").optional(),
}

/** `from` and `to` make a range that is not empty. */
export const ledgerRangeOk = (query: { from?: Date; to?: Date }) => !(query.from && query.to) || query.from.getTime() < query.to.getTime()
export const LEDGER_RANGE_MESSAGE = { message: "from must be before to" }

export const AdminListLedgerQuery = z
  .object({ ...ledgerCriteriaFields, limit: ledgerLimitField(), offset: offsetField() })
  .strict()
  .refine(ledgerRangeOk, LEDGER_RANGE_MESSAGE)
export type AdminListLedgerQueryType = z.infer<typeof AdminListLedgerQuery>

/** Routes that take no query parameters still reject any that are sent. */
export const LedgerNoQuery = z.object({}).strict()
