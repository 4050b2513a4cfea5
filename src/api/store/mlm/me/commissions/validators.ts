import { z } from "@medusajs/framework/zod"
import { offsetField } from "../../../../mlm-request-fields"
import { ledgerLimitField, ledgerStatusField } from "../../../../admin/mlm/ledger/validators"

/** No beneficiary parameter: the statement is always the caller's own. */
export const StoreMyCommissionsQuery = z
  .object({ status: ledgerStatusField().optional(), limit: ledgerLimitField(), offset: offsetField() })
  .strict()
export type StoreMyCommissionsQueryType = z.infer<typeof StoreMyCommissionsQuery>
