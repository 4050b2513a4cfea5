import { expectOk, type CallerHeaders, type HttpClient } from "./http"
import { enrollAndConfirm, STORE_MFA, type MfaEnrollment } from "./mfa"

export type CustomerCaller = { customerId: string; email: string; headers: CallerHeaders; mfa?: MfaEnrollment }

/**
 * A registered shopper, the way a storefront signs one up: register an emailpass identity,
 * create the customer with that token, then log in again to get a token bound to the customer.
 * The shopper then enrolls the plugin's TOTP factor and completes a challenge in that session, as
 * the back office (/store/mlm/me*) requires; `mfa` holds the secret for tests that need more codes.
 * `{ mfa: false }` leaves the shopper without a factor (to test the refusals).
 */
export async function registerCustomer(
  http: HttpClient,
  storeHeaders: CallerHeaders,
  profile: { email: string; first_name: string; last_name?: string; password?: string },
  options: { mfa?: boolean } = {}
): Promise<CustomerCaller> {
  const password = profile.password ?? "shopper-password-1"
  const registered = expectOk(
    await http.post("/auth/customer/emailpass/register", { email: profile.email, password }, {})
  )
  const created = expectOk(
    await http.post(
      "/store/customers",
      { email: profile.email, first_name: profile.first_name, last_name: profile.last_name ?? "Doe" },
      { ...storeHeaders, authorization: `Bearer ${registered.data.token}` }
    )
  )
  const login = expectOk(
    await http.post("/auth/customer/emailpass", { email: profile.email, password }, {})
  )
  const headers = { ...storeHeaders, authorization: `Bearer ${login.data.token}` }
  return {
    customerId: created.data.customer.id,
    email: profile.email,
    headers,
    mfa: options.mfa === false ? undefined : await enrollAndConfirm(http, STORE_MFA, headers),
  }
}
