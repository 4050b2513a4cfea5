// Logins: the admin user, and an emailpass identity for a few demo customers so the store
// API (`POST /auth/customer/emailpass`) can be tried as a distributor. Done the way
// `medusa user -e -p` does it: the user (or customer) first, then the auth identity pointing
// at it through app_metadata.
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export async function ensureAdminUser(
  container: MedusaContainer,
  login: { email: string; password: string }
): Promise<boolean> {
  const userService = container.resolve(Modules.USER)
  const [existing] = await userService.listUsers({ email: login.email })
  if (existing) {
    return false
  }
  const { result } = await createUsersWorkflow(container).run({
    input: { users: [{ email: login.email, first_name: "Demo", last_name: "Admin" }] },
  })
  await registerEmailPass(container, login, { user_id: result[0].id })
  return true
}

/** Gives each customer a password login unless it has one already; returns how many it made. */
export async function ensureCustomerLogins(
  container: MedusaContainer,
  customers: { id: string; email: string }[],
  password: string
): Promise<number> {
  const auth = container.resolve(Modules.AUTH)
  let created = 0
  for (const customer of customers) {
    const existing = await auth.listProviderIdentities({ provider: "emailpass", entity_id: customer.email })
    if (existing.length === 0) {
      await registerEmailPass(container, { email: customer.email, password }, { customer_id: customer.id })
      created++
    }
  }
  return created
}

async function registerEmailPass(
  container: MedusaContainer,
  login: { email: string; password: string },
  appMetadata: Record<string, string>
) {
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email: login.email, password: login.password },
  } as Parameters<typeof auth.register>[1])
  if (error || !authIdentity) {
    throw new Error(`registering the login ${login.email} failed: ${error}`)
  }
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: appMetadata })
}
