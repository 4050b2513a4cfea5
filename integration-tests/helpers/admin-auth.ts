import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import { grantMlmRoleToUser } from "../../src/api/security/role-grants"
import type { MlmRole } from "../../src/api/security/permissions"
import { expectOk, type CallerHeaders, type HttpClient } from "./http"
import { ADMIN_MFA, enrollAndConfirm, type MfaEnrollment } from "./mfa"

export type AdminCaller = { userId: string; headers: CallerHeaders; mfa?: MfaEnrollment }

/**
 * An admin user with an emailpass identity, logged in through `POST /auth/user/emailpass` like
 * the dashboard does: the bearer token is a real one, not a hand-signed JWT. It holds the MLM
 * role `role` (default `admin`, every /admin/mlm route); `null` leaves it a Medusa user without one.
 * A caller with a role has enrolled the plugin's TOTP factor and completed a challenge in this
 * login session (every /admin/mlm route requires one); `mfa` holds its secret for step-up tests.
 */
export async function createAdminCaller(
  container: MedusaContainer,
  http: HttpClient,
  email = "admin@mlm.test",
  password = "admin-password-1",
  role: MlmRole | null = "admin"
): Promise<AdminCaller> {
  const auth = container.resolve(Modules.AUTH)
  const registration = await auth.register("emailpass", { body: { email, password } })
  if (!registration.success || !registration.authIdentity) {
    throw new Error(`admin registration failed: ${registration.error}`)
  }
  const { result: user } = await createUserAccountWorkflow(container).run({
    input: { authIdentityId: registration.authIdentity.id, userData: { email } },
  })
  if (role) await grantMlmRoleToUser(container, user.id, role, "test-helper")
  const login = expectOk(await http.post("/auth/user/emailpass", { email, password }, {}))
  const headers = { authorization: `Bearer ${login.data.token}` }
  const mfa = role ? await enrollAndConfirm(http, ADMIN_MFA, headers) : undefined
  return { userId: user.id, headers, mfa }
}

/** A Medusa admin user holding MLM role `role` (or none), e.g. to check what a viewer may not do. */
export function createCallerWithRole(
  container: MedusaContainer,
  http: HttpClient,
  role: MlmRole | null,
  email = `${role ?? "no-role"}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@mlm.test`
): Promise<AdminCaller> {
  return createAdminCaller(container, http, email, "role-password-1", role)
}
