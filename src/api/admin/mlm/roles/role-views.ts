import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { RoleActor, RoleRow } from "../../../security/admin-roles"

/** Role rows with the user's email, read from Medusa's user module (the plugin stores ids only). */

export type RoleView = RoleRow & { email: string | null }

export async function emailsOfUsers(scope: MedusaContainer, userIds: string[]): Promise<Map<string, string>> {
  if (!userIds.length) return new Map()
  const users = await scope.resolve(Modules.USER).listUsers({ id: userIds }, { select: ["id", "email"] })
  return new Map(users.map((user) => [user.id, user.email]))
}

export async function existingUserEmailOr404(scope: MedusaContainer, userId: string): Promise<string> {
  const email = (await emailsOfUsers(scope, [userId])).get(userId)
  if (email === undefined) throw new MedusaError(MedusaError.Types.NOT_FOUND, `User ${userId} was not found`)
  return email
}

export function roleView(row: RoleRow, email: string | null): RoleView {
  return { user_id: row.user_id, email, role: row.role, granted_by: row.granted_by, granted_at: row.granted_at }
}

export function actorOf(req: AuthenticatedMedusaRequest): RoleActor {
  return { type: "user", id: req.auth_context.actor_id, ip: req.ip ?? null, user_agent: req.get("user-agent") ?? null }
}
