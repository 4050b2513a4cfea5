/**
 * Who may do what in the MLM admin (issue #5, docs/security.md "Roles and permissions"): the
 * permission vocabulary, what each plugin-stored role grants, and the one table that gives every
 * `/admin/mlm/*` route (method + Medusa matcher) the permission it needs. The permission
 * middleware (permission-middleware.ts) enforces the table for every request under /admin/mlm and
 * denies a route the table does not name; test/api/route-permissions.spec.ts fails when a route
 * file and this table disagree. Medusa's own RBAC (an enterprise feature flag) is not used.
 *
 * A new admin route is added here in the same commit as its route file, or it answers 403.
 * Pure data: no Medusa import, so the unit test and the docs read it as is.
 */

export const MLM_ROLES = ["viewer", "support", "finance", "admin"] as const
export type MlmRole = (typeof MLM_ROLES)[number]

export const PERMISSIONS = {
  /** The tree, distributor records without money or private fields, enrollments, plans, CV rules. */
  "mlm.read": "read distributors, the sponsor tree, enrollments, plans and CV rules",
  "distributors.write": "create distributors, change their status, move them in the tree",
  "distributors.erase": "erase a distributor's personal data (right to erasure)",
  "pii.read": "read a distributor's encrypted personal data (tax id, date of birth, phone)",
  "pii.write": "change a distributor's personal data",
  "money.read": "read the ledger, commissions, balances and the commission queue",
  "money.write": "adjust commissions; run, rerun and close commission periods",
  "payouts.read": "read payout details (bank token's last four digits)",
  "payouts.write": "change payout details",
  "jobs.write": "retry failed commission jobs",
  "exports": "export data (CSV, personal-data exports)",
  "plans.write": "create, edit, simulate and activate plans; set CV rules",
  "roles.read": "list MLM roles",
  "roles.write": "grant, change and revoke MLM roles",
  "audit.read": "read and verify the audit trail, SIEM export",
  /** One's own security settings (MFA enrollment); every role has it. */
  "self": "manage one's own MFA factor",
} as const
export type Permission = keyof typeof PERMISSIONS

const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[]

/**
 * viewer reads the network, never money or personal data; support keeps distributor records
 * (personal data included) but sees no money; finance owns the ledger, payouts and exports but
 * cannot change the tree, plans or roles; admin has everything.
 */
export const ROLE_PERMISSIONS: Record<MlmRole, readonly Permission[]> = {
  viewer: ["mlm.read", "self"],
  support: ["mlm.read", "self", "distributors.write", "pii.read", "pii.write"],
  finance: ["mlm.read", "self", "money.read", "money.write", "payouts.read", "payouts.write", "jobs.write", "exports", "pii.read", "audit.read"],
  admin: ALL_PERMISSIONS,
}

export function roleGrants(role: MlmRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
/** `"<METHOD> <matcher>"`, the matcher spelled as Medusa derives it from the route folder. */
export type RouteKey = `${RouteMethod} /admin/mlm/${string}`

export const ROUTE_PERMISSIONS: Record<RouteKey, Permission> = {
  "GET /admin/mlm/distributors": "mlm.read",
  "POST /admin/mlm/distributors": "distributors.write",
  "GET /admin/mlm/distributors/:id": "mlm.read",
  "GET /admin/mlm/distributors/:id/downline": "mlm.read",
  // The genealogy explorer: a node's direct children, page by page (sponsor and placement trees;
  // a binary tree's carry only for money.read, checked in the route).
  "GET /admin/mlm/distributors/:id/children": "mlm.read",
  "GET /admin/mlm/distributors/:id/children/placement": "mlm.read",
  "GET /admin/mlm/distributors/:id/history": "mlm.read",
  "POST /admin/mlm/distributors/:id/status": "distributors.write",
  "POST /admin/mlm/distributors/:id/move": "distributors.write",
  "GET /admin/mlm/distributors/:id/balances": "money.read",
  "GET /admin/mlm/enrollments": "mlm.read",

  // Personal data (docs/security.md "Personal data at rest"); payout details are money.
  "GET /admin/mlm/distributors/:id/private": "pii.read",
  "PUT /admin/mlm/distributors/:id/private": "pii.write",
  "PUT /admin/mlm/distributors/:id/private/bank": "payouts.write",
  "DELETE /admin/mlm/distributors/:id/private/bank": "payouts.write",
  "GET /admin/mlm/private/duplicate-tax-ids": "pii.read",
  "POST /admin/mlm/distributors/:id/export": "exports",
  "POST /admin/mlm/distributors/:id/erase": "distributors.erase",

  "GET /admin/mlm/ledger": "money.read",
  "GET /admin/mlm/ledger/export": "exports",
  "GET /admin/mlm/commissions/:order_id": "money.read",
  "POST /admin/mlm/commissions/:order_id/adjustments": "money.write",
  "GET /admin/mlm/jobs/failed": "money.read",
  "GET /admin/mlm/jobs/status": "money.read",
  "POST /admin/mlm/jobs/:job_id/retry": "jobs.write",
  // Period runs compute commissions; closing one posts them to the ledger.
  "GET /admin/mlm/period-runs": "money.read",
  "POST /admin/mlm/period-runs": "money.write",
  "GET /admin/mlm/period-runs/:id": "money.read",
  "GET /admin/mlm/period-runs/:id/results": "money.read",
  "POST /admin/mlm/period-runs/:id/rerun": "money.write",
  "POST /admin/mlm/period-runs/:id/close": "money.write",

  "GET /admin/mlm/plans": "mlm.read",
  "POST /admin/mlm/plans": "plans.write",
  "GET /admin/mlm/plans/:id": "mlm.read",
  "POST /admin/mlm/plans/:id": "plans.write",
  // Reads the draft and reports issues; writes nothing.
  "POST /admin/mlm/plans/:id/validate": "mlm.read",
  // Writes nothing, but replays live orders (money) and costs up to a 10 MB body of CPU.
  "POST /admin/mlm/plans/:id/simulate": "plans.write",
  "POST /admin/mlm/plans/:id/activate": "plans.write",
  "GET /admin/mlm/plans/:id/versions": "mlm.read",
  "GET /admin/mlm/plan-versions/active": "mlm.read",
  "GET /admin/mlm/variants/cv": "mlm.read",
  "GET /admin/mlm/variants/:variant_id/cv": "mlm.read",
  "POST /admin/mlm/variants/:variant_id/cv": "plans.write",
  "DELETE /admin/mlm/variants/:variant_id/cv": "plans.write",

  // The caller's own factor (no challenge needed yet: these routes produce it).
  "GET /admin/mlm/mfa/status": "self",
  "POST /admin/mlm/mfa/enroll": "self",
  "POST /admin/mlm/mfa/enroll/confirm": "self",
  "POST /admin/mlm/mfa/verify": "self",
  // The caller's own role, permissions and MFA state: the admin UI hides what the role cannot do.
  "GET /admin/mlm/me": "self",
  // The admin overview: the network for every role, its money part only for money.read.
  "GET /admin/mlm/overview": "mlm.read",

  "GET /admin/mlm/roles": "roles.read",
  "PUT /admin/mlm/roles/:user_id": "roles.write",
  "DELETE /admin/mlm/roles/:user_id": "roles.write",
  // MFA adoption of the role holders and distributors: counts, beside the roles they describe.
  "GET /admin/mlm/security/summary": "roles.read",
  // Another account's MFA factor: who may grant roles may reset what guards them (step-up too).
  "POST /admin/mlm/security/mfa-resets": "roles.write",

  // The audit trail: list, chain verification, SIEM export (the export also needs step-up MFA).
  "GET /admin/mlm/audit": "audit.read",
  "GET /admin/mlm/audit/verify": "audit.read",
  "GET /admin/mlm/audit/export": "audit.read",
}
