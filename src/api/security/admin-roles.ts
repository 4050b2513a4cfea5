import { MedusaError } from "@medusajs/framework/utils"
import type { SqlDb } from "../../modules/mlm/commissions/sql-db"
import type { SqlExec } from "../../modules/mlm/repositories/sql-exec"
import { recordAudit, type AuditActorType } from "../../modules/mlm/security/audit"
import type { MlmRole } from "./permissions"

/**
 * The MLM admin roles (table mlm_admin_role, one role per Medusa user). Every change is audited
 * as `privilege_permissions_changed` with the role before and after, in the transaction that
 * makes it. Changes serialise on one advisory lock, so "the last admin cannot be removed" holds
 * when two admins demote each other at the same time.
 */

/** "mlmr" in ASCII, beside the tree ("mlmt") and audit ("mlmu") locks. */
const ROLE_LOCK_KEY = 1835822450

export type RoleActor = { type: AuditActorType; id: string | null; ip?: string | null; user_agent?: string | null }
export type RoleRow = { user_id: string; role: MlmRole; granted_by: string | null; granted_at: Date }
export type RoleChange = { user_id: string; before: MlmRole | null; after: MlmRole | null }

const ROLE_COLUMNS = "user_id, role, granted_by, granted_at"

export async function roleOfUser(exec: SqlExec, userId: string): Promise<MlmRole | null> {
  const rows = await exec<{ role: MlmRole }>(`SELECT role FROM mlm_admin_role WHERE user_id = $1`, [userId])
  return rows[0]?.role ?? null
}

export async function listRoles(
  exec: SqlExec,
  filter: { role?: MlmRole; limit: number; offset: number }
): Promise<{ rows: RoleRow[]; count: number }> {
  const rows = await exec<RoleRow>(
    `SELECT ${ROLE_COLUMNS} FROM mlm_admin_role
      WHERE ($1::text IS NULL OR role = $1::text)
      ORDER BY granted_at, user_id LIMIT $2 OFFSET $3`,
    [filter.role ?? null, filter.limit, filter.offset]
  )
  const [{ count }] = await exec<{ count: string }>(
    `SELECT count(*) AS count FROM mlm_admin_role WHERE ($1::text IS NULL OR role = $1::text)`,
    [filter.role ?? null]
  )
  return { rows, count: Number(count) }
}

/**
 * Grants `role` (replacing any other). Demoting the last admin is a 409. Granting the role the
 * user already holds changes nothing and records nothing.
 */
export function setRole(db: SqlDb, userId: string, role: MlmRole, actor: RoleActor): Promise<RoleChange & { row: RoleRow }> {
  return db.transaction(async (exec) => {
    const before = await lockedRoleOf(exec, userId)
    if (before === role) {
      const [row] = await exec<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM mlm_admin_role WHERE user_id = $1`, [userId])
      return { user_id: userId, before, after: role, row }
    }
    if (before === "admin") await refuseLosingLastAdmin(exec)
    const [row] = await exec<RoleRow>(
      `INSERT INTO mlm_admin_role (user_id, role, granted_by, granted_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE SET role = EXCLUDED.role, granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at
       RETURNING ${ROLE_COLUMNS}`,
      [userId, role, actor.id]
    )
    const change = { user_id: userId, before, after: role }
    await auditChange(exec, change, actor)
    return { ...change, row }
  })
}

/** Removes the user's role. No role is a 404; removing the last admin a 409. */
export function revokeRole(db: SqlDb, userId: string, actor: RoleActor): Promise<RoleChange> {
  return db.transaction(async (exec) => {
    const before = await lockedRoleOf(exec, userId)
    if (!before) throw new MedusaError(MedusaError.Types.NOT_FOUND, `User ${userId} has no MLM role`)
    if (before === "admin") await refuseLosingLastAdmin(exec)
    await exec(`DELETE FROM mlm_admin_role WHERE user_id = $1`, [userId])
    const change = { user_id: userId, before, after: null }
    await auditChange(exec, change, actor)
    return change
  })
}

async function lockedRoleOf(exec: SqlExec, userId: string): Promise<MlmRole | null> {
  await exec(`SELECT pg_advisory_xact_lock($1::bigint)`, [ROLE_LOCK_KEY])
  return roleOfUser(exec, userId)
}

async function refuseLosingLastAdmin(exec: SqlExec): Promise<void> {
  const [{ count }] = await exec<{ count: string }>(`SELECT count(*) AS count FROM mlm_admin_role WHERE role = 'admin'`)
  if (Number(count) <= 1) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      "Cannot remove the last MLM admin: grant admin to another user first"
    )
  }
}

function auditChange(exec: SqlExec, change: RoleChange, actor: RoleActor): Promise<void> {
  return recordAudit(exec, {
    event: "privilege_permissions_changed",
    actor_type: actor.type,
    actor_id: actor.id,
    target_type: "user",
    target_id: change.user_id,
    ip: actor.ip ?? null,
    user_agent: actor.user_agent ?? null,
    before: { role: change.before },
    after: { role: change.after },
  })
}
