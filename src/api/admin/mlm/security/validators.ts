import { z } from "@medusajs/framework/zod"

/** GET /admin/mlm/security/summary takes no parameters; any that are sent are a 400. */
export const AdminSecuritySummaryQuery = z.object({}).strict()
