import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { mlmService } from "../mlm-service"
import { type RoleChange, setRole } from "./admin-roles"
import { MLM_ROLES, type MlmRole } from "./permissions"

/**
 * Grants an MLM role outside HTTP, for bootstrap: the first admin (`npm run mlm:grant`), the
 * demo seed and the test helpers. The grant is audited with a `system` actor named by `grantedBy`.
 */
export async function grantMlmRoleToUser(
  container: MedusaContainer,
  userId: string,
  role: MlmRole,
  grantedBy: string
): Promise<RoleChange> {
  const db = (await mlmService(container).commissions()).db
  const { user_id, before, after } = await setRole(db, userId, role, { type: "system", id: grantedBy })
  return { user_id, before, after }
}

export async function grantMlmRoleByEmail(
  container: MedusaContainer,
  email: string,
  role: string,
  grantedBy: string
): Promise<RoleChange & { email: string }> {
  if (!(MLM_ROLES as readonly string[]).includes(role)) {
    throw new Error(`Unknown MLM role "${role}": use one of ${MLM_ROLES.join(", ")}`)
  }
  const [user] = await container.resolve(Modules.USER).listUsers({ email: email.trim() }, { select: ["id", "email"] })
  if (!user) throw new Error(`No Medusa user has the email ${email.trim()}; create it first (npx medusa user -e <email> -p <password>)`)
  return { ...(await grantMlmRoleToUser(container, user.id, role as MlmRole, grantedBy)), email: user.email }
}
