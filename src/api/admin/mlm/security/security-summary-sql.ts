import type { SqlExec } from "../../../../modules/mlm/repositories/sql-exec"
import { MLM_ROLES, type MlmRole } from "../../../security/permissions"

/**
 * How far MFA has been adopted (docs/security.md, "MFA and abuse limits"): the holders of each
 * MLM role by the state of their plugin TOTP factor, and the distributors who set one up for the
 * back office. Counts only; no secret, code or session is read.
 */

export type FactorState = "confirmed" | "pending" | "none"

export type RoleAdoption = { role: MlmRole; holders: number; confirmed: number; pending: number; none: number }

export type SecuritySummary = {
  admin_users: {
    holders: number
    confirmed: number
    pending: number
    none: number
    /** Every role, in MLM_ROLES order, also when nobody holds it. */
    by_role: RoleAdoption[]
    /** Holders without a confirmed factor (they cannot open the MLM area), oldest grant first. */
    unconfirmed: { user_id: string; role: MlmRole; factor: Exclude<FactorState, "confirmed"> }[]
    unconfirmed_truncated: boolean
  }
  /** Live distributors with a customer account (not the house, not erased). */
  distributors: { with_account: number; confirmed: number }
}

export const UNCONFIRMED_LIST_MAX = 100

// The factor's state as the MFA gate reads it: a row without confirmed_at is enrolled, not usable.
const FACTOR_STATE = `CASE WHEN f.confirmed_at IS NOT NULL THEN 'confirmed' WHEN f.actor_id IS NOT NULL THEN 'pending' ELSE 'none' END`

export async function selectSecuritySummary(exec: SqlExec): Promise<SecuritySummary> {
  const [byRole, unconfirmed, [distributors]] = await Promise.all([
    exec<{ role: MlmRole; state: FactorState; n: string }>(
      `SELECT r.role, ${FACTOR_STATE} AS state, count(*)::text AS n
         FROM mlm_admin_role r LEFT JOIN mlm_mfa_factor f ON f.actor_type = 'user' AND f.actor_id = r.user_id
        GROUP BY 1, 2`
    ),
    exec<{ user_id: string; role: MlmRole; factor: "pending" | "none" }>(
      `SELECT r.user_id, r.role, ${FACTOR_STATE} AS factor
         FROM mlm_admin_role r LEFT JOIN mlm_mfa_factor f ON f.actor_type = 'user' AND f.actor_id = r.user_id
        WHERE f.confirmed_at IS NULL
        ORDER BY r.granted_at, r.user_id LIMIT $1`,
      [UNCONFIRMED_LIST_MAX + 1]
    ),
    exec<{ with_account: string; confirmed: string }>(
      `SELECT count(*)::text AS with_account, count(*) FILTER (WHERE f.confirmed_at IS NOT NULL)::text AS confirmed
         FROM mlm_distributor d LEFT JOIN mlm_mfa_factor f ON f.actor_type = 'customer' AND f.actor_id = d.customer_id
        WHERE d.deleted_at IS NULL AND NOT d.is_house AND d.customer_id IS NOT NULL AND d.erased_at IS NULL`
    ),
  ])
  const roles: RoleAdoption[] = MLM_ROLES.map((role) => ({ role, holders: 0, confirmed: 0, pending: 0, none: 0 }))
  for (const row of byRole) {
    const entry = roles.find((candidate) => candidate.role === row.role)
    if (!entry) continue
    entry[row.state] += Number(row.n)
    entry.holders += Number(row.n)
  }
  const total = (key: "holders" | FactorState) => roles.reduce((sum, entry) => sum + entry[key], 0)
  return {
    admin_users: {
      holders: total("holders"),
      confirmed: total("confirmed"),
      pending: total("pending"),
      none: total("none"),
      by_role: roles,
      unconfirmed: unconfirmed.slice(0, UNCONFIRMED_LIST_MAX),
      unconfirmed_truncated: unconfirmed.length > UNCONFIRMED_LIST_MAX,
    },
    distributors: { with_account: Number(distributors.with_account), confirmed: Number(distributors.confirmed) },
  }
}
