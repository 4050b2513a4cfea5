import { z } from "@medusajs/framework/zod"
import { ledgerLimitField } from "../../../../admin/mlm/ledger/validators"
import { offsetField } from "../../../../mlm-request-fields"
import { instantField, periodKeyField } from "../volumes/back-office-fields"

/** The longest range one statement covers: a year, leap day included. */
export const STATEMENT_MAX_RANGE_DAYS = 366
const DAY_MS = 86_400_000

type RangeQuery = { period_key?: string; from?: Date; to?: Date }

const absentOrDate = (value: unknown) => value === undefined || value instanceof Date

// One message for the first problem: several, joined by Medusa's formatter, read badly.
function rangeProblem({ period_key, from, to }: RangeQuery): string | null {
  // zod v4 runs this even when a field failed, with the field's raw text: that field's own
  // message is the answer then.
  if (!absentOrDate(from) || !absentOrDate(to)) return null
  if (period_key !== undefined && (from !== undefined || to !== undefined)) return "Give either period_key, or from and to, not both"
  if (!from || !to) return from || to ? "Give both from and to" : null
  if (from.getTime() >= to.getTime()) return "from must be before to"
  if (to.getTime() - from.getTime() > STATEMENT_MAX_RANGE_DAYS * DAY_MS) {
    return `from and to may be at most ${STATEMENT_MAX_RANGE_DAYS} days apart`
  }
  return null
}

/**
 * Which lines the caller's statement shows: one period (`period_key`), or a range (`from`
 * inclusive, `to` exclusive); neither means the current calendar month. No parameter names a
 * distributor: the statement is always the caller's own.
 */
export const StoreStatementQuery = z
  .object({
    period_key: periodKeyField().optional(),
    from: instantField("from").optional(),
    to: instantField("to").optional(),
    limit: ledgerLimitField(),
    offset: offsetField(),
  })
  .strict()
  .superRefine((query, ctx) => {
    const problem = rangeProblem(query)
    if (problem) ctx.addIssue({ code: "custom", message: problem })
  })
export type StoreStatementQueryType = z.infer<typeof StoreStatementQuery>
