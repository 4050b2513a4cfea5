import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { enrollFromOrderWorkflow } from "../../src/workflows/enrollment/enroll-from-order"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { afterOrderPlacedSubscribers, checkoutThroughStoreApi, type CheckoutInput } from "../helpers/checkout"
import { registerCustomer } from "../helpers/customer-auth"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let store: StoreFixture
    let admin: AdminCaller
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
      admin = await createAdminCaller(container, http)
    })

    const placeOrder = (input: CheckoutInput) =>
      afterOrderPlacedSubscribers(container, () => checkoutThroughStoreApi(http, store, input))

    async function enrollmentsOf(orderId: string) {
      const response = expectOk(await http.get(`/admin/mlm/enrollments?order_id=${orderId}`, admin.headers))
      return response.data.enrollments
    }

    async function sponsors() {
      const tree = await buildTree(container, { owner: null, other: null, sleeper: null, gone: null })
      const mlm = mlmOf(container)
      await mlm.setStatus({ distributor_id: tree.sleeper.id, status: "suspended", actor_id: admin.userId, reason: "test" })
      await mlm.setStatus({ distributor_id: tree.gone.id, status: "terminated", actor_id: admin.userId, reason: "test" })
      return tree
    }

    it("an opted-in shopper becomes a distributor under the code's owner, once, even when order.placed is delivered again", async () => {
      const tree = await sponsors()
      const shopper = await registerCustomer(http, store.storeHeaders, { email: "optin@shop.test", first_name: "Olga" })

      const order = await placeOrder({
        customerHeaders: shopper.headers,
        email: shopper.email,
        cartMetadata: { mlm_referral_code: tree.owner.referral_code.toLowerCase(), mlm_opt_in: true },
      })

      // The keys travel cart -> order (completeCartWorkflow copies cart.metadata).
      const placed = expectOk(await http.get(`/admin/orders/${order.orderId}?fields=id,metadata`, admin.headers))
      expect(placed.data.order.metadata).toEqual({
        mlm_referral_code: tree.owner.referral_code.toLowerCase(),
        mlm_opt_in: true,
      })
      const mlm = mlmOf(container)
      const distributor = await mlm.retrieveDistributorByCustomer(shopper.customerId)
      expect(distributor).toMatchObject({ sponsor_id: tree.owner.id, status: "active", depth: tree.owner.depth + 1 })
      const firstOutcome = await enrollmentsOf(order.orderId)
      expect(firstOutcome).toEqual([
        expect.objectContaining({
          order_id: order.orderId,
          customer_id: shopper.customerId,
          opt_in: true,
          outcome: "enrolled",
          reason: null,
          distributor_id: distributor!.id,
        }),
      ])

      // Second delivery of the same event through the event bus, then two concurrent runs of the
      // workflow itself: nothing changes, every run reports the first outcome.
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const redelivered = TestEventUtils.waitSubscribersExecution("order.placed", eventBus)
      await eventBus.emit({ name: "order.placed", data: { id: order.orderId } })
      await redelivered
      const reruns = await Promise.all([
        enrollFromOrderWorkflow(container).run({ input: { order_id: order.orderId } }),
        enrollFromOrderWorkflow(container).run({ input: { order_id: order.orderId } }),
      ])

      expect(reruns.map((run) => run.result)).toEqual([
        { outcome: "enrolled", reason: null, distributor_id: distributor!.id },
        { outcome: "enrolled", reason: null, distributor_id: distributor!.id },
      ])
      expect(await mlm.listDistributors({ customer_id: shopper.customerId })).toHaveLength(1)
      expect(await enrollmentsOf(order.orderId)).toEqual(firstOutcome)
      const owned = expectOk(await http.get(`/admin/mlm/distributors/${tree.owner.id}/downline`, admin.headers))
      expect(owned.data.downline.map((row: { id: string }) => row.id)).toEqual([distributor!.id])
    })

    it("a shopper who does not opt in stays a customer attributed to the first referrer", async () => {
      const tree = await sponsors()
      const shopper = await registerCustomer(http, store.storeHeaders, { email: "noopt@shop.test", first_name: "Nils" })

      const first = await placeOrder({
        customerHeaders: shopper.headers,
        email: shopper.email,
        cartMetadata: { mlm_referral_code: tree.owner.referral_code, mlm_opt_in: false },
      })
      const second = await placeOrder({
        customerHeaders: shopper.headers,
        email: shopper.email,
        cartMetadata: { mlm_referral_code: tree.other.referral_code },
      })

      const mlm = mlmOf(container)
      expect(await mlm.retrieveDistributorByCustomer(shopper.customerId)).toBeNull()
      expect(await mlm.getAttribution(shopper.customerId)).toMatchObject({
        customer_id: shopper.customerId,
        referrer_id: tree.owner.id,
        source: "checkout",
      })
      expect(await enrollmentsOf(first.orderId)).toEqual([
        expect.objectContaining({ outcome: "attributed", reason: null, distributor_id: tree.owner.id, opt_in: false }),
      ])
      expect(await enrollmentsOf(second.orderId)).toEqual([
        expect.objectContaining({ outcome: "attributed", reason: "already_attributed", distributor_id: tree.owner.id }),
      ])
    })

    it("a guest is attributed, never enrolled, even when it ticks the opt-in", async () => {
      const tree = await sponsors()

      const order = await placeOrder({
        email: "guest@shop.test",
        cartMetadata: { mlm_referral_code: tree.owner.referral_code, mlm_opt_in: "true" },
      })

      const guest = expectOk(
        await http.get(`/admin/orders/${order.orderId}?fields=id,customer.id,customer.has_account`, admin.headers)
      ).data.order.customer
      expect(guest.has_account).toBe(false)
      const mlm = mlmOf(container)
      expect(await mlm.retrieveDistributorByCustomer(guest.id)).toBeNull()
      expect(await mlm.getAttribution(guest.id)).toMatchObject({ referrer_id: tree.owner.id })
      expect(await enrollmentsOf(order.orderId)).toEqual([
        expect.objectContaining({ customer_id: guest.id, opt_in: false, outcome: "attributed", distributor_id: tree.owner.id }),
      ])
    })

    it("an unknown, suspended or terminated code never blocks the sale: the order completes and the skip reason is recorded", async () => {
      const tree = await sponsors()
      const cases = [
        { code: "NOSUCH99", reason: "unknown_referral_code" },
        { code: tree.sleeper.referral_code, reason: "sponsor_suspended" },
        { code: tree.gone.referral_code, reason: "sponsor_terminated" },
        // Malformed (too long for any code): recorded cut short, never matched.
        { code: `${tree.owner.referral_code}${"x".repeat(70)}`, reason: "unknown_referral_code" },
      ]
      const mlm = mlmOf(container)

      for (const [index, { code, reason }] of cases.entries()) {
        const shopper = await registerCustomer(http, store.storeHeaders, {
          email: `skipped${index}@shop.test`,
          first_name: "Skye",
        })
        const order = await placeOrder({
          customerHeaders: shopper.headers,
          email: shopper.email,
          cartMetadata: { mlm_referral_code: code, mlm_opt_in: true },
        })

        const placed = expectOk(await http.get(`/admin/orders/${order.orderId}?fields=id,status`, admin.headers))
        expect(placed.data.order).toMatchObject({ id: order.orderId, status: "pending" })
        expect(await mlm.retrieveDistributorByCustomer(shopper.customerId)).toBeNull()
        expect(await mlm.getAttribution(shopper.customerId)).toBeNull()
        const [enrollment] = await enrollmentsOf(order.orderId)
        expect({ code, outcome: enrollment.outcome, reason: enrollment.reason, distributor_id: enrollment.distributor_id }).toEqual({
          code,
          outcome: "skipped",
          reason,
          distributor_id: null,
        })
      }
    })

    it("the enrollments list filters by outcome and rejects bad queries with a 400", async () => {
      const tree = await sponsors()
      const shopper = await registerCustomer(http, store.storeHeaders, { email: "list@shop.test", first_name: "Lou" })
      const order = await placeOrder({
        customerHeaders: shopper.headers,
        email: shopper.email,
        cartMetadata: { mlm_referral_code: tree.gone.referral_code, mlm_opt_in: true },
      })

      const skipped = expectOk(await http.get("/admin/mlm/enrollments?outcome=skipped", admin.headers))
      const enrolled = expectOk(await http.get("/admin/mlm/enrollments?outcome=enrolled", admin.headers))
      expect(skipped.data.enrollments.map((row: { order_id: string }) => row.order_id)).toEqual([order.orderId])
      expect(skipped.data.count).toBe(1)
      expect(enrolled.data).toMatchObject({ enrollments: [], count: 0 })

      const bad: [string, string][] = [
        ["outcome=won", "Invalid request: Expected: 'enrolled, already_distributor, attributed, skipped' for field 'outcome', but got: 'won'"],
        ["order_id=order%00x", "Invalid request: order_id must contain only letters, digits, '_' and '-'"],
        ["reason=x", "Invalid request: Unrecognized fields: 'reason'"],
      ]
      for (const [queryString, message] of bad) {
        const response = await http.get(`/admin/mlm/enrollments?${queryString}`, admin.headers)
        expect({ queryString, status: response.status, message: response.data.message }).toEqual({ queryString, status: 400, message })
      }
      const anonymous = await http.get("/admin/mlm/enrollments", {})
      expect(anonymous.status).toBe(401)
    })
  },
})
