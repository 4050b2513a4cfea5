import type { MlmRole } from "../../lib/mlm-types"

/** Response shapes of GET /admin/mlm/security/summary and the role routes (docs/security.md). */

export type RoleAdoption = { role: MlmRole; holders: number; confirmed: number; pending: number; none: number }

export type SecuritySummary = {
  admin_users: {
    holders: number
    confirmed: number
    pending: number
    none: number
    by_role: RoleAdoption[]
    unconfirmed: { user_id: string; role: MlmRole; factor: "none" | "pending" }[]
    unconfirmed_truncated: boolean
  }
  distributors: { with_account: number; confirmed: number }
}

export type RoleGrant = { user_id: string; email: string | null; role: MlmRole; granted_by: string | null; granted_at: string }

export type RoleList = { roles: RoleGrant[]; count: number; limit: number; offset: number }
