import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../mlm-service"
import { listRoles } from "../../../security/admin-roles"
import { emailsOfUsers, roleView } from "./role-views"
import type { AdminListRolesQueryType } from "./validators"

/** Who holds which MLM role, oldest grant first. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListRolesQueryType>, res: MedusaResponse) {
  const { role, limit, offset } = req.validatedQuery
  const db = (await mlmService(req.scope).commissions()).db
  const { rows, count } = await listRoles(db.exec, { role, limit, offset })
  const emails = await emailsOfUsers(req.scope, rows.map((row) => row.user_id))
  res.json({ roles: rows.map((row) => roleView(row, emails.get(row.user_id) ?? null)), count, limit, offset })
}
