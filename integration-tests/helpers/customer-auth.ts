import { expectOk, type CallerHeaders, type HttpClient } from "./http"

export type CustomerCaller = { customerId: string; email: string; headers: CallerHeaders }

/**
 * A registered shopper, the way a storefront signs one up: register an emailpass identity,
 * create the customer with that token, then log in again to get a token bound to the customer.
 */
export async function registerCustomer(
  http: HttpClient,
  storeHeaders: CallerHeaders,
  profile: { email: string; first_name: string; last_name?: string; password?: string }
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
  return {
    customerId: created.data.customer.id,
    email: profile.email,
    headers: { ...storeHeaders, authorization: `Bearer ${login.data.token}` },
  }
}
