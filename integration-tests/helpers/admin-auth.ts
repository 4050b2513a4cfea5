import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import { expectOk, type CallerHeaders, type HttpClient } from "./http"

export type AdminCaller = { userId: string; headers: CallerHeaders }

/**
 * An admin user with an emailpass identity, logged in through `POST /auth/user/emailpass` like
 * the dashboard does: the bearer token is a real one, not a hand-signed JWT.
 */
export async function createAdminCaller(
  container: MedusaContainer,
  http: HttpClient,
  email = "admin@mlm.test",
  password = "admin-password-1"
): Promise<AdminCaller> {
  const auth = container.resolve(Modules.AUTH)
  const registration = await auth.register("emailpass", { body: { email, password } })
  if (!registration.success || !registration.authIdentity) {
    throw new Error(`admin registration failed: ${registration.error}`)
  }
  const { result: user } = await createUserAccountWorkflow(container).run({
    input: { authIdentityId: registration.authIdentity.id, userData: { email } },
  })
  const login = expectOk(await http.post("/auth/user/emailpass", { email, password }, {}))
  return { userId: user.id, headers: { authorization: `Bearer ${login.data.token}` } }
}
