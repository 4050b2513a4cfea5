import { z } from "@medusajs/framework/zod"
import { LEDGER_RANGE_MESSAGE, ledgerCriteriaFields, ledgerRangeOk } from "../validators"

/**
 * The ledger CSV export's query: the criteria of GET /admin/mlm/ledger, a bound on the rows one
 * file may hold, and a keyset cursor to continue below the last line of a previous file (lines
 * come newest first, so the next file starts at `before_id` = the last id of this one).
 */
export const LEDGER_EXPORT_LIMIT_MAX = 100_000
export const LEDGER_EXPORT_LIMIT_DEFAULT = 10_000
const BIGINT_MAX = 9223372036854775807n

export const AdminLedgerExportQuery = z
  .object({
    ...ledgerCriteriaFields,
    limit: z.coerce.number().int().min(1).max(LEDGER_EXPORT_LIMIT_MAX).default(LEDGER_EXPORT_LIMIT_DEFAULT),
    // One check: zod runs every refinement even after a failed one, and BigInt throws on non-digits.
    before_id: z
      .string()
      .refine((id) => /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= BIGINT_MAX, "before_id must be a ledger line id (a positive integer)")
      .optional(),
  })
  .strict()
  .refine(ledgerRangeOk, LEDGER_RANGE_MESSAGE)
export type AdminLedgerExportQueryType = z.infer<typeof AdminLedgerExportQuery>
