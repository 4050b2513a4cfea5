// Returns, refunds and cancellations made with Medusa's own workflows, delivered through its real
// events (order.return_received, payment.refunded, order.canceled) to the plugin's subscriber.
process.env.MLM_REDIS_URL = process.env.MLM_REDIS_URL || "redis://127.0.0.1:6379"
process.env.MLM_QUEUE_PREFIX = `mlm-it-adj-${process.pid}-${Date.now()}`

import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  capturePaymentWorkflow,
  createOrderFulfillmentWorkflow,
  refundPaymentWorkflow,
} from "@medusajs/medusa/core-flows"
import { simulate } from "../../src/engine"
import type { CommissionGateway } from "../../src/modules/mlm/commissions/gateway"
import { afterOrderPlacedSubscribers, checkoutThroughStoreApi } from "../helpers/checkout"
import { activatePlanForTest, eventually, linesOfOrder } from "../helpers/commissions"
import { registerCustomer } from "../helpers/customer-auth"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

const PLAN = {
  currency: "EUR",
  rounding: "half_even",
  components: [{ type: "unilevel", levels_bp: [1000, 300, 125], compression: "dynamic" }],
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let store: StoreFixture
    let container: MedusaContainer
    let gateway: CommissionGateway
    const nodeOf: Record<string, number> = {}
    let admin: AdminCaller
    let buyer: { headers: Record<string, string>; email: string }

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
      admin = await createAdminCaller(container, http)
      gateway = await mlmOf(container).commissions()
      await activatePlanForTest(container, PLAN)
      const tree = await buildTree(container, { a: null, b: "a", c: "b" })
      const shopper = await registerCustomer(http, store.storeHeaders, { email: "returns@pipeline.test", first_name: "Rita" })
      buyer = { headers: shopper.headers, email: shopper.email }
      const { distributor } = await mlmOf(container).enroll({ customer_id: shopper.customerId, sponsor_id: tree.c.id, source: "seed" })
      const rows = await gateway.db.exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor`)
      const names = new Map<string, string>([...Object.entries(tree), ["buyer", distributor] as const].map(([name, d]) => [d.id, name]))
      for (const row of rows) nodeOf[names.get(row.id) ?? "house"] = row.node_id
    })

    const recordOf = (orderId: string) => gateway.orderCommission(orderId)

    async function placeOrder(quantity: number) {
      const { orderId } = await afterOrderPlacedSubscribers(container, () =>
        checkoutThroughStoreApi(http, store, { customerHeaders: buyer.headers, email: buyer.email, quantity }),
      )
      const commission = await eventually(() => recordOf(orderId), (value) => value !== null && value.lines.length === 3)
      const record = commission!.record as { cv_minor: string; total_minor: string }
      return { orderId, cv: Number(record.cv_minor), total: Number(record.total_minor) }
    }

    /** What the engine posts for the refund events, as (to, cents) pairs sorted by payee. */
    function engineClawbacks(orderId: string, cv: number, refunds: number[]) {
      const events = [
        { type: "order", id: orderId, buyer: "buyer", cv },
        ...refunds.map((refundCv, i) => ({ type: "refund", id: `r${i}`, order: orderId, cv: refundCv })),
      ]
      const members = [{ id: "a" }, { id: "b", sponsor: "a" }, { id: "c", sponsor: "b" }, { id: "buyer", sponsor: "c" }]
      return simulate({ plan: PLAN, members, events })
        .lines.filter((line) => line.source !== orderId)
        .map((line) => ({ to: nodeOf[line.to], cents: line.cents }))
        .sort((x, y) => x.to - y.to || x.cents - y.cents)
    }

    const clawbacksOf = async (orderId: string) =>
      (await linesOfOrder(gateway, orderId))
        .filter((line) => line.source_kind === "adjustment")
        .map(({ to, cents }) => ({ to, cents }))
        .sort((x, y) => x.to - y.to || x.cents - y.cents)

    async function paymentOf(orderId: string) {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order",
        fields: ["payment_collections.payments.id", "payment_collections.payments.canceled_at", "items.id"],
        filters: { id: orderId },
      })
      type Payment = { id: string; canceled_at: unknown } | null
      const collections = (data[0].payment_collections ?? []) as unknown as { payments?: Payment[] }[]
      const live = collections.flatMap((collection) => collection.payments ?? []).filter((payment) => payment && !payment.canceled_at)
      expect(live).toHaveLength(1)
      return { paymentId: live[0]!.id, itemId: data[0].items![0]!.id }
    }

    it("a return of one unit of two claws back half the CV; the refund of those goods claws back nothing more; a further refund does", async () => {
      const { orderId, cv, total } = await placeOrder(2)
      const { paymentId, itemId } = await paymentOf(orderId)
      await capturePaymentWorkflow(container).run({ input: { payment_id: paymentId } })

      // Only fulfilled goods can come back.
      await createOrderFulfillmentWorkflow(container).run({
        input: { order_id: orderId, items: [{ id: itemId, quantity: 2 }], location_id: store.stockLocationId } as never,
      })
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const returned = TestEventUtils.waitSubscribersExecution("order.return_received", eventBus, { timeout: 30_000 })
      // The admin's own return flow: request one unit back, receive it, confirm.
      const created = expectOk(await http.post("/admin/returns", { order_id: orderId, location_id: store.stockLocationId }, admin.headers)).data
      const returnId = created.return.id
      expectOk(await http.post(`/admin/returns/${returnId}/request-items`, { items: [{ id: itemId, quantity: 1 }] }, admin.headers))
      expectOk(await http.post(`/admin/returns/${returnId}/request`, {}, admin.headers))
      expectOk(await http.post(`/admin/returns/${returnId}/receive`, {}, admin.headers))
      expectOk(await http.post(`/admin/returns/${returnId}/receive-items`, { items: [{ id: itemId, quantity: 1 }] }, admin.headers))
      expectOk(await http.post(`/admin/returns/${returnId}/receive/confirm`, {}, admin.headers))
      await returned
      const afterReturn = await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 1)
      expect((afterReturn!.adjustments[0] as { kind: string }).kind).toBe("return")
      const halfCv = Math.round(cv / 2)
      expect(Number((afterReturn!.record as { net_cv_minor: string }).net_cv_minor)).toBe(cv - halfCv)
      expect(await clawbacksOf(orderId)).toEqual(engineClawbacks(orderId, cv, [halfCv]))

      // The money for the returned unit: its share of the total. Net CV by money equals the net
      // CV by goods, so no second clawback.
      const unitShare = Math.floor(total / 2)
      const refunded = TestEventUtils.waitSubscribersExecution("payment.refunded", eventBus, { timeout: 30_000 })
      await refundPaymentWorkflow(container).run({ input: { payment_id: paymentId, amount: unitShare / 100 } })
      await refunded
      const afterRefund = await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 2)
      const secondAdjustment = afterRefund!.adjustments[1] as { kind: string; cv_minor: string }
      expect(secondAdjustment.kind).toBe("refund")
      const byMoney = cv - Math.round((cv * unitShare) / total)
      expect(Number((afterRefund!.record as { net_cv_minor: string }).net_cv_minor)).toBe(Math.min(cv - halfCv, byMoney))

      // A goodwill refund of a further quarter of the total lowers the net CV again.
      const quarter = Math.floor(total / 4)
      const again = TestEventUtils.waitSubscribersExecution("payment.refunded", eventBus, { timeout: 30_000 })
      await refundPaymentWorkflow(container).run({ input: { payment_id: paymentId, amount: quarter / 100 } })
      await again
      const final = await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 3)
      const netFinal = Number((final!.record as { net_cv_minor: string }).net_cv_minor)
      const netAfterRefund = Number((afterRefund!.record as { net_cv_minor: string }).net_cv_minor)
      expect(netFinal).toBe(Math.min(cv - halfCv, cv - Math.round((cv * (unitShare + quarter)) / total)))
      expect(await clawbacksOf(orderId)).toEqual(
        engineClawbacks(orderId, cv, [halfCv, cv - halfCv - netAfterRefund, netAfterRefund - netFinal].filter((x) => x > 0)),
      )
    })

    it("an order canceled in Medusa during its hold has every line canceled", async () => {
      const { orderId } = await placeOrder(1)
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const canceled = TestEventUtils.waitSubscribersExecution("order.canceled", eventBus, { timeout: 30_000 })
      await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
      await canceled
      const after = await eventually(() => recordOf(orderId), (value) => (value!.record as { status: string }).status === "canceled")
      expect((after!.record as { net_cv_minor: string }).net_cv_minor).toBe("0")
      const lines = await linesOfOrder(gateway, orderId)
      expect(lines.map((line) => line.status)).toEqual(["canceled", "canceled", "canceled"])
    })
  },
})
