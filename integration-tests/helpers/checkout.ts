import { TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { expectOk, type CallerHeaders, type HttpClient } from "./http"
import type { StoreFixture } from "./store-fixture"

export type CheckoutInput = {
  /** A logged-in customer's headers (publishable key + bearer); omit for a guest checkout. */
  customerHeaders?: CallerHeaders
  email: string
  /** Put on the cart the way a storefront does, with `POST /store/carts/:id`. */
  cartMetadata?: Record<string, unknown>
  /** Units of the fixture's variant (default 1). */
  quantity?: number
}

export type PlacedOrder = { orderId: string; cartId: string; customerId: string }

const SHIPPING_ADDRESS = {
  first_name: "Erika",
  last_name: "Mustermann",
  address_1: "Hauptstrasse 1",
  city: "Berlin",
  postal_code: "10115",
  country_code: "de",
}

/**
 * A whole storefront checkout through the store API: cart, line item, address and metadata,
 * shipping method, payment collection and a pp_system_default session, then completion.
 */
export async function checkoutThroughStoreApi(
  http: HttpClient,
  store: StoreFixture,
  input: CheckoutInput
): Promise<PlacedOrder> {
  const headers = input.customerHeaders ?? store.storeHeaders
  const cart = expectOk(
    await http.post(
      "/store/carts",
      { region_id: store.regionId, sales_channel_id: store.salesChannelId, email: input.email },
      headers
    )
  ).data.cart
  expectOk(
    await http.post(`/store/carts/${cart.id}/line-items`, { variant_id: store.variantId, quantity: input.quantity ?? 1 }, headers)
  )
  expectOk(
    await http.post(
      `/store/carts/${cart.id}`,
      {
        shipping_address: SHIPPING_ADDRESS,
        billing_address: SHIPPING_ADDRESS,
        ...(input.cartMetadata ? { metadata: input.cartMetadata } : {}),
      },
      headers
    )
  )
  expectOk(
    await http.post(`/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId }, headers)
  )
  const paymentCollection = expectOk(
    await http.post("/store/payment-collections", { cart_id: cart.id }, headers)
  ).data.payment_collection
  expectOk(
    await http.post(
      `/store/payment-collections/${paymentCollection.id}/payment-sessions`,
      { provider_id: "pp_system_default" },
      headers
    )
  )
  const completed = expectOk(await http.post(`/store/carts/${cart.id}/complete`, {}, headers)).data
  if (completed.type !== "order") {
    throw new Error(`cart ${cart.id} did not complete: ${JSON.stringify(completed)}`)
  }
  return { orderId: completed.order.id, cartId: cart.id, customerId: completed.order.customer_id }
}

/**
 * Runs `placeOrder` and resolves once every `order.placed` subscriber (the mlm enrollment among
 * them) has finished for it. The wait must be armed before the event is emitted.
 */
export async function afterOrderPlacedSubscribers<T>(
  container: { resolve: (key: string) => unknown },
  placeOrder: () => Promise<T>
): Promise<T> {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const subscribersDone = TestEventUtils.waitSubscribersExecution("order.placed", eventBus, {
    timeout: 30_000,
  })
  const placed = await placeOrder()
  await subscribersDone
  return placed
}
