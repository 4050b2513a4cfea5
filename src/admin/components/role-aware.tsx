import type { ReactNode } from "react"
import { useMlmQuery } from "../lib/mlm-query"
import type { Me, MlmRole, Permission } from "../lib/mlm-types"

/**
 * What the caller's MLM role may do, for hiding what it cannot (docs/security.md "Roles and
 * permissions"). The server enforces every permission anyway; this only spares the user buttons
 * that would answer 403. Reads GET /admin/mlm/me, so use it inside <MfaGate>.
 */

export type MlmRoleState = {
  role: MlmRole | null
  permissions: readonly Permission[]
  /** False while loading or when the role could not be read: hide until known. */
  can: (permission: Permission) => boolean
  isLoading: boolean
  error: Error | null
  me: Me | undefined
}

export function useMlmRole(): MlmRoleState {
  const me = useMlmQuery<Me>("/me", undefined, { staleTime: 60_000 })
  const permissions = me.data?.permissions ?? []
  return {
    role: me.data?.role ?? null,
    permissions,
    can: (permission) => permissions.includes(permission),
    isLoading: me.isPending,
    error: me.error,
    me: me.data,
  }
}

export function useCan(permission: Permission): boolean {
  return useMlmRole().can(permission)
}

/** Renders `children` only for a role that grants `permission` (else `fallback`, default nothing). */
export function Can({ permission, children, fallback = null }: { permission: Permission; children: ReactNode; fallback?: ReactNode }) {
  const { can, isLoading } = useMlmRole()
  if (isLoading) return null
  return <>{can(permission) ? children : fallback}</>
}
