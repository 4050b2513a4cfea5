import { z } from "@medusajs/framework/zod"

/** GET /admin/mlm/me takes no parameters; any that are sent are a 400, as on every MLM route. */
export const AdminMeQuery = z.object({}).strict()
