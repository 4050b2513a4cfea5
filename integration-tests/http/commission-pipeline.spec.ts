// The plugin's queue runs on the machine's real Redis, under a prefix of its own per run.
process.env.MLM_REDIS_URL = process.env.MLM_REDIS_URL || "redis://127.0.0.1:6379"
process.env.MLM_QUEUE_PREFIX = `mlm-it-${process.pid}-${Date.now()}`

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { simulate } from "../../src/engine"
import type { CommissionGateway } from "../../src/modules/mlm/commissions/gateway"
import type { AdjustmentJob } from "../../src/modules/mlm/commissions/jobs"
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { orderJobFor } from "../../src/workflows/commissions/gather"
import { reconcileOrders } from "../../src/workflows/commissions/reconcile"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { afterOrderPlacedSubscribers, checkoutThroughStoreApi } from "../helpers/checkout"
import { activatePlanForTest, eventually, linesOfOrder } from "../helpers/commissions"
import { registerCustomer } from "../helpers/customer-auth"
import { httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(180_000)

const PLAN = {
  currency: "EUR",
  components: [{ type: "unilevel", levels_bp: [1000, 500, 250, 100], compression: "dynamic" }],
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let store: StoreFixture
    let container: MedusaContainer
    let gateway: CommissionGateway
    const nodeOf: Record<string, number> = {}
    let buyerHeaders: Record<string, string>
    let buyerEmail: string
    let buyerCustomerId: string

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
      gateway = await mlmOf(container).commissions()
      await activatePlanForTest(container, PLAN)
      const tree = await buildTree(container, { a: null, b: "a", c: "b" })
      const shopper = await registerCustomer(http, store.storeHeaders, { email: "buyer@pipeline.test", first_name: "Bea" })
      buyerHeaders = shopper.headers
      buyerEmail = shopper.email
      buyerCustomerId = shopper.customerId
      const { distributor: buyer } = await mlmOf(container).enroll({ customer_id: shopper.customerId, sponsor_id: tree.c.id, source: "seed" })
      const rows = await gateway.db.exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor`)
      const idToName = new Map<string, string>([...Object.entries(tree), ["buyer", buyer] as const].map(([name, d]) => [d.id, name]))
      for (const row of rows) nodeOf[idToName.get(row.id) ?? "house"] = row.node_id
    })

    const placeOrder = () =>
      afterOrderPlacedSubscribers(container, () =>
        checkoutThroughStoreApi(http, store, { customerHeaders: buyerHeaders, email: buyerEmail }),
      )

    /** The engine's own answer for the same network and events, in ledger terms. */
    function engineLines(events: unknown[]) {
      const result = simulate({
        plan: PLAN,
        members: [{ id: "a" }, { id: "b", sponsor: "a" }, { id: "c", sponsor: "b" }, { id: "buyer", sponsor: "c" }],
        events,
      })
      return result.lines.map((line) => ({ to: nodeOf[line.to], bonus: line.bonus, level: line.level ?? 0, cents: line.cents, source: line.source }))
    }

    const recordOf = (orderId: string) => gateway.orderCommission(orderId)

    it("a completed cart credits the uplines with exactly the engine's cents, once, held for the holding period", async () => {
      expect(gateway.runnerStarted).toBe(true)
      const { orderId } = await placeOrder()
      const commission = await eventually(() => recordOf(orderId), (value) => value !== null && value.lines.length > 0)
      const cv = Number((commission!.record as { cv_minor: string }).cv_minor)
      expect(cv).toBeGreaterThan(0)

      const expected = engineLines([{ type: "order", id: orderId, buyer: "buyer", cv }])
      expect(expected).toHaveLength(3)
      const lines = await linesOfOrder(gateway, orderId)
      expect(lines.map(({ to, bonus, level, cents }) => ({ to, bonus, level, cents }))).toEqual(
        expected.map(({ to, bonus, level, cents }) => ({ to, bonus, level, cents })).sort((x, y) => x.to - y.to),
      )
      expect(lines.every((line) => line.status === "pending")).toBe(true)
      // The house is the company: never a payee.
      expect(lines.some((line) => line.to === nodeOf.house)).toBe(false)
      const [outbox] = await gateway.db.exec<{ status: string }>(`SELECT status FROM mlm_outbox WHERE job_key = $1`, [`order-${orderId}`])
      expect(outbox.status).toBe("done")
    })

    it("the same order.placed delivered ten times, and its job offered ten times more, leaves exactly one set of lines", async () => {
      const { orderId } = await placeOrder()
      await eventually(() => recordOf(orderId), (value) => value !== null && value.lines.length === 3)
      const job = (await orderJobFor(container, orderId))!
      await Promise.all(Array.from({ length: 10 }, () => gateway.enqueue([job])))
      const producerKey = `order-${orderId}`
      // Straight to Redis under fresh ids, as a relay racing a producer could.
      const queue = new CommissionQueue(process.env.MLM_REDIS_URL!, process.env.MLM_QUEUE_PREFIX!)
      await queue.offer(Array.from({ length: 10 }, (_, i) => ({ key: `${producerKey}-again-${i}`, name: "order", payload: job })))
      await eventually(() => queue.counts(), (counts) => counts.waiting === 0 && counts.active === 0 && counts.delayed === 0)
      await queue.close()
      const lines = await linesOfOrder(gateway, orderId)
      expect(lines).toHaveLength(3)
      const [{ n }] = await gateway.db.exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_commission_record WHERE order_id = $1`, [orderId])
      expect(n).toBe("1")
      const [{ pv }] = await gateway.db.exec<{ pv: string }>(`SELECT pv_minor AS pv FROM mlm_distributor WHERE node_id = $1`, [nodeOf.buyer])
      // Two orders so far, each counted once in the buyer's personal volume.
      const [{ cv }] = await gateway.db.exec<{ cv: string }>(`SELECT sum(cv_minor) AS cv FROM mlm_commission_record WHERE owner_node = $1`, [nodeOf.buyer])
      expect(pv).toBe(cv)
    })

    it("a partial refund claws back the difference on the net CV; a refund beyond what remains fails with a clear error", async () => {
      const { orderId } = await placeOrder()
      const commission = await eventually(() => recordOf(orderId), (value) => value !== null && value.lines.length === 3)
      const record = commission!.record as { cv_minor: string; total_minor: string }
      const cv = Number(record.cv_minor)
      const total = Number(record.total_minor)
      const refund = Math.floor(total / 3)
      const at = new Date().toISOString()
      const refundJob: AdjustmentJob = { kind: "adjustment", type: "refund", adjustment_key: `refund-a-${orderId}`, order_id: orderId, at, refund_minor: refund }
      await gateway.enqueue([refundJob, refundJob])
      const after = await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 1 && value!.lines.length > 3)
      const netCv = Number((after!.record as { net_cv_minor: string }).net_cv_minor)
      // The record's rule: CV pro rata of the money not refunded, rounded half-up once.
      expect(netCv).toBe(cv - Math.floor((cv * refund * 2 + total) / (2 * total)))

      const expected = engineLines([
        { type: "order", id: orderId, buyer: "buyer", cv },
        { type: "refund", id: "r1", order: orderId, cv: cv - netCv },
      ]).filter((line) => line.source === "r1")
      const clawbacks = (await linesOfOrder(gateway, orderId)).filter((line) => line.source_kind === "adjustment")
      expect(clawbacks.map(({ to, bonus, level, cents }) => ({ to, bonus, level, cents }))).toEqual(
        expected.map(({ to, bonus, level, cents }) => ({ to, bonus, level, cents })).sort((x, y) => x.to - y.to),
      )
      // Still inside the hold: the clawback lowers the pending balance.
      expect(clawbacks.every((line) => line.status === "pending" && line.cents < 0)).toBe(true)

      const tooMuch: AdjustmentJob = { ...refundJob, adjustment_key: `refund-b-${orderId}`, refund_minor: total }
      await gateway.enqueue([tooMuch])
      const failed = await eventually(
        () => gateway.listFailed(0, 50),
        (list) => list.jobs.some((job) => job.id === `refund-refund-b-${orderId}`),
      )
      const job = failed.jobs.find((candidate) => candidate.id === `refund-refund-b-${orderId}`)!
      expect(job.failed_reason).toBe(`Refund of ${total} exceeds the ${total - refund} that remains refundable on order ${orderId}`)
      expect(job.attempts_made).toBe(1)
      const [outbox] = await gateway.db.exec<{ status: string; last_error: string }>(`SELECT status, last_error FROM mlm_outbox WHERE job_key = $1`, [
        `refund-refund-b-${orderId}`,
      ])
      expect(outbox).toEqual({ status: "failed", last_error: job.failed_reason })
      expect((await recordOf(orderId))!.adjustments).toHaveLength(1)
    })

    it("cancelling an order during its hold cancels its lines and its clawbacks; its PV leaves the buyer", async () => {
      const { orderId } = await placeOrder()
      await eventually(() => recordOf(orderId), (value) => value !== null && value.lines.length === 3)
      const [{ pv: pvBefore }] = await gateway.db.exec<{ pv: string }>(`SELECT pv_minor AS pv FROM mlm_distributor WHERE node_id = $1`, [nodeOf.buyer])
      const cv = Number(((await recordOf(orderId))!.record as { cv_minor: string }).cv_minor)
      const at = new Date().toISOString()
      await gateway.enqueue([{ kind: "adjustment", type: "refund", adjustment_key: `refund-c-${orderId}`, order_id: orderId, at, refund_minor: 100 }])
      await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 1)
      await gateway.enqueue([{ kind: "adjustment", type: "cancel", adjustment_key: orderId, order_id: orderId, at }])
      const canceled = await eventually(() => recordOf(orderId), (value) => value!.adjustments.length === 2)
      expect((canceled!.record as { status: string; net_cv_minor: string }).status).toBe("canceled")
      expect((canceled!.record as { net_cv_minor: string }).net_cv_minor).toBe("0")
      const lines = await linesOfOrder(gateway, orderId)
      expect(lines.length).toBeGreaterThan(3)
      expect(lines.every((line) => line.status === "canceled")).toBe(true)
      const [{ pv: pvAfter }] = await gateway.db.exec<{ pv: string }>(`SELECT pv_minor AS pv FROM mlm_distributor WHERE node_id = $1`, [nodeOf.buyer])
      expect(Number(pvBefore) - Number(pvAfter)).toBe(cv)
    })
  
    it("reconciliation gives an order that never emitted order.placed its commission, once", async () => {
      // createOrderWorkflow (admin tools, imports, the demo seed) emits no order.placed.
      const { result: order } = await createOrderWorkflow(container).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          customer_id: buyerCustomerId,
          email: buyerEmail,
          currency_code: "eur",
          items: [{ variant_id: store.variantId, quantity: 2 }],
        } as never,
      })
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(await recordOf(order.id)).toBeNull()

      const since = new Date(Date.now() - 3_600_000)
      const first = await reconcileOrders(container, since)
      expect(first.enqueued).toBe(1)
      const commission = await eventually(() => recordOf(order.id), (value) => value !== null && value.lines.length === 3)
      const cv = Number((commission!.record as { cv_minor: string }).cv_minor)
      const expected = engineLines([{ type: "order", id: order.id, buyer: "buyer", cv }])
      expect((await linesOfOrder(gateway, order.id)).map(({ to, cents }) => ({ to, cents }))).toEqual(
        expected.map(({ to, cents }) => ({ to, cents })).sort((x, y) => x.to - y.to),
      )
      // Every order of the window now has its record or its job: a second pass enqueues nothing.
      expect((await reconcileOrders(container, since)).enqueued).toBe(0)
    })
  },
})
