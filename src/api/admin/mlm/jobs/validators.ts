import { z } from "@medusajs/framework/zod"
import { offsetField } from "../../../mlm-request-fields"
import { ledgerLimitField } from "../ledger/validators"

/**
 * Job ids are the commission queue's job keys (`order-<order id>`, `refund-<refund id>`, ...,
 * commissions/jobs.ts): ids of up to 200 characters behind a short prefix.
 */
export const AdminCommissionJobParams = z
  .object({
    job_id: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[A-Za-z0-9_-]+$/, "job_id must contain only letters, digits, '_' and '-'"),
  })
  .strict()

export const AdminFailedJobsQuery = z.object({ limit: ledgerLimitField(), offset: offsetField() }).strict()
export type AdminFailedJobsQueryType = z.infer<typeof AdminFailedJobsQuery>

export const AdminRetryJobBody = z.object({}).strict()
