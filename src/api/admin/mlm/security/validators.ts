import { z } from "@medusajs/framework/zod"
import { idField } from "../../../mlm-request-fields"

/** The security routes take no query parameters; any that are sent are a 400. */
export const AdminSecurityNoQuery = z.object({}).strict()

/** Whose factor POST /admin/mlm/security/mfa-resets removes: a Medusa user or a customer (distributor). */
export const AdminMfaResetBody = z
  .object({ actor_type: z.enum(["user", "customer"]), actor_id: idField("actor_id") })
  .strict()
export type AdminMfaResetBodyType = z.infer<typeof AdminMfaResetBody>
