import { grantMlmRoleToUser } from "../../src/api/security/role-grants"
import { createCallerWithRole } from "../helpers/admin-auth"
import { ADMIN_MFA, verifyChallenge } from "../helpers/mfa"
import { mlmOf } from "../helpers/mlm-tree"
import { type AccessContext, auditRowsAfter, lastAuditSeq, snapshotTables } from "./access-fixture"

const LAST_ADMIN = "Cannot remove the last MLM admin: grant admin to another user first"
const NO_ROLE = "You have no MLM role; an MLM admin must grant one"

/** Role routes (admin only): grant, change, revoke, with their audit rows and their refusals. */
export function roleManagementTests(context: () => AccessContext) {
  // Role writes need step-up (a challenge in the last 5 minutes): a fresh one, however slow the
  // suite's setup was on a busy machine.
  beforeAll(async () => {
    const { http, admin } = context()
    await verifyChallenge(http, ADMIN_MFA, admin.headers, admin.mfa!)
  })

  it("lists roles with the users' emails, filtered by role", async () => {
    const { http, admin, callers } = context()
    const all = await http.get("/admin/mlm/roles?limit=100", admin.headers)
    expect(all.status).toBe(200)
    const byEmail = Object.fromEntries(all.data.roles.map((row: { email: string; role: string }) => [row.email, row.role]))
    expect(byEmail).toMatchObject({
      "admin@mlm.test": "admin",
      "viewer@access.test": "viewer",
      "support@access.test": "support",
      "finance@access.test": "finance",
    })
    expect(byEmail["no-role@access.test"]).toBeUndefined()
    const viewers = await http.get("/admin/mlm/roles?role=viewer", admin.headers)
    expect(viewers.data).toEqual({
      roles: [{ user_id: callers.viewer.userId, email: "viewer@access.test", role: "viewer", granted_by: "test-helper", granted_at: expect.any(String) }],
      count: 1,
      limit: 20,
      offset: 0,
    })
  })

  it("grants, changes and revokes a role, each audited with before and after, effective on the next request", async () => {
    const { container, http, put, admin } = context()
    const target = await createCallerWithRole(container, http, "viewer", "promoted@access.test")
    const ledger = () => http.get("/admin/mlm/ledger", target.headers).then((r) => [r.status, r.data.message])
    expect(await ledger()).toEqual([403, "Your MLM role (viewer) does not grant the permission money.read"])
    const seq = await lastAuditSeq(container)

    const promoted = await put(`/admin/mlm/roles/${target.userId}`, { role: "finance" }, admin.headers)
    expect([promoted.status, promoted.data.previous_role, promoted.data.role]).toEqual([
      200,
      "viewer",
      { user_id: target.userId, email: "promoted@access.test", role: "finance", granted_by: admin.userId, granted_at: expect.any(String) },
    ])
    expect(await ledger()).toEqual([200, undefined])
    const same = await put(`/admin/mlm/roles/${target.userId}`, { role: "finance" }, admin.headers)
    expect([same.status, same.data.previous_role]).toEqual([200, "finance"])
    const revoked = await http.delete(`/admin/mlm/roles/${target.userId}`, admin.headers)
    expect([revoked.status, revoked.data]).toEqual([200, { user_id: target.userId, object: "mlm_role", deleted: true, previous_role: "finance" }])
    expect(await ledger()).toEqual([403, NO_ROLE])
    const granted = await put(`/admin/mlm/roles/${target.userId}`, { role: "support" }, admin.headers)
    expect([granted.status, granted.data.previous_role, granted.data.role.role]).toEqual([200, null, "support"])

    const change = (before: string | null, after: string | null) => ({
      event: "privilege_permissions_changed",
      actor_type: "user",
      actor_id: admin.userId,
      target_type: "user",
      target_id: target.userId,
      outcome: "success",
      before: { role: before },
      after: { role: after },
    })
    // Re-granting the role already held records nothing; the refused ledger read is an authz_fail.
    const audit = (await auditRowsAfter(container, seq)).filter((row) => row.event === "privilege_permissions_changed")
    expect(audit).toEqual([change("viewer", "finance"), change("finance", null), change(null, "support")])
  })

  it("answers 404 for an unknown user or a user without a role, 409 for the last admin, changing nothing", async () => {
    const { container, http, put, admin, callers } = context()
    const before = await snapshotTables(container)
    const seq = await lastAuditSeq(container)

    const unknown = await put("/admin/mlm/roles/user_missing", { role: "viewer" }, admin.headers)
    expect([unknown.status, unknown.data.message]).toEqual([404, "User user_missing was not found"])
    const noRole = await http.delete(`/admin/mlm/roles/${callers.none.userId}`, admin.headers)
    expect([noRole.status, noRole.data.message]).toEqual([404, `User ${callers.none.userId} has no MLM role`])
    const demoteSelf = await put(`/admin/mlm/roles/${admin.userId}`, { role: "viewer" }, admin.headers)
    expect([demoteSelf.status, demoteSelf.data.message]).toEqual([409, LAST_ADMIN])
    const revokeSelf = await http.delete(`/admin/mlm/roles/${admin.userId}`, admin.headers)
    expect([revokeSelf.status, revokeSelf.data.message]).toEqual([409, LAST_ADMIN])
    const badId = await put("/admin/mlm/roles/user'%20OR%20'1'='1", { role: "admin" }, admin.headers)
    expect([badId.status, badId.data.message]).toEqual([400, "Invalid request: user_id: user_id must contain only letters, digits, '_' and '-'"])
    const badRole = await put(`/admin/mlm/roles/${callers.none.userId}`, { role: "owner" }, admin.headers)
    expect([badRole.status, badRole.data.message]).toEqual([
      400,
      "Invalid request: Expected: 'viewer, support, finance, admin' for field 'role', but got: 'owner'",
    ])

    expect(await snapshotTables(container)).toEqual(before)
    expect(await auditRowsAfter(container, seq)).toEqual([])
  })

  it("two admins demoting each other at once leave exactly one admin", async () => {
    const { container, http, put, admin } = context()
    const second = await createCallerWithRole(container, http, "admin", "second-admin@access.test")

    const answers = await Promise.all([
      put(`/admin/mlm/roles/${second.userId}`, { role: "viewer" }, admin.headers),
      put(`/admin/mlm/roles/${admin.userId}`, { role: "viewer" }, second.headers),
    ])

    const statuses = answers.map((answer) => answer.status).sort()
    // The loser either finds the other already demoted (409) or is no longer an admin itself (403).
    expect([[200, 403], [200, 409]]).toContainEqual(statuses)
    const { db } = await mlmOf(container).commissions()
    const admins = await db.exec(`SELECT user_id FROM mlm_admin_role WHERE role = 'admin'`)
    expect(admins).toHaveLength(1)
    // Put the suite's admin back for the tests that follow.
    await grantMlmRoleToUser(container, admin.userId, "admin", "test-helper")
    await grantMlmRoleToUser(container, second.userId, "viewer", "test-helper")
  })
}
