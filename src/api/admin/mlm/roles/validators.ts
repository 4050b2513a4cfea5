import { z } from "@medusajs/framework/zod"
import { idField, limitField, offsetField } from "../../../mlm-request-fields"
import { MLM_ROLES } from "../../../security/permissions"

export const AdminRoleParams = z.object({ user_id: idField("user_id") }).strict()

export const AdminListRolesQuery = z
  .object({ role: z.enum(MLM_ROLES).optional(), limit: limitField(), offset: offsetField() })
  .strict()
export type AdminListRolesQueryType = z.infer<typeof AdminListRolesQuery>

export const AdminRoleNoQuery = z.object({}).strict()

/** Only the role: who grants it and when come from the request, never from the body. */
export const AdminSetRole = z.object({ role: z.enum(MLM_ROLES) }).strict()
export type AdminSetRoleType = z.infer<typeof AdminSetRole>
