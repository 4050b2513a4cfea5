/**
 * Resilience of the commission pipeline against real PostgreSQL and a real Redis of the suite's
 * own (no Medusa): the same order delivered ten times over every path at once — the producer
 * (outbox + Redis), Redis directly under fresh job ids (as a relay racing a producer could), and
 * processOrderBatch called directly, alone and in overlapping batches — leaves exactly one record
 * and one set of the engine's lines per order.
 */
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { jobKeyOf } from "../../src/modules/mlm/commissions/jobs"
import { processOrderBatch, type OrderBatchOutcome } from "../../src/modules/mlm/commissions/order-processor"
import { startCommissionRunner, type CommissionRunner } from "../../src/modules/mlm/commissions/runner"
import { pgSqlDb, type SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "./support/database"
import {
  buildChains,
  countOf,
  expectedLines,
  insertPlanVersion,
  ledgerLines,
  orderJob,
  type ChainNetwork,
  type OrderSpec,
} from "./support/network"
import { OwnRedis } from "./support/redis-server"
import { pipelineIdle } from "./support/wait"

jest.setTimeout(120_000)

const PLAN = {
  currency: "EUR",
  components: [{ type: "unilevel", levels_bp: [1000, 500, 250, 125, 100, 75, 50, 25, 10, 5], compression: "dynamic" }],
}
const PREFIX = "mlm-dup"
const config = { holdingDays: 30, now: () => new Date() }

describe("queue: one order delivered ten times", () => {
  let database: TestDatabase
  let redis: OwnRedis
  let db: SqlDb
  let network: ChainNetwork
  let runner: CommissionRunner
  let producer: CommissionQueue
  let orders: OrderSpec[]

  beforeAll(async () => {
    database = await createTestDatabase("mlm_q")
    redis = await OwnRedis.start()
    db = pgSqlDb(database.pool)
    network = await buildChains(database.pool, 4, 12)
    await insertPlanVersion(database.pool, PLAN)
    runner = startCommissionRunner({ db, redisUrl: redis.url, prefix: PREFIX, holdingDays: 30, relayIntervalMs: 200, relayPendingAfterMs: 500 })
    producer = new CommissionQueue(redis.url, PREFIX)
    orders = Array.from({ length: 12 }, (_, i) => ({
      orderId: `order_dup_${i}`,
      // Bottoms, middles and tops of chains: ten paid levels, six, two, none.
      buyerNode: network.chain(i % 4)[[11, 6, 2, 0][Math.floor(i / 3) % 4]],
      cvMinor: 10_001 + 997 * i,
    }))
  })

  afterAll(async () => {
    await runner?.close()
    await producer?.close()
    await redis?.stop()
    await database?.drop()
  })

  /** Every order of `orders` over every path, ten times each, all at once. */
  async function deliverTenTimesEverywhere(round: string): Promise<OrderBatchOutcome[]> {
    const jobs = orders.map((order) => orderJob(order, "EUR"))
    const reversed = [...jobs].reverse()
    const direct: Promise<OrderBatchOutcome>[] = []
    const queued: Promise<unknown>[] = []
    for (let i = 0; i < 10; i++) {
      for (const job of jobs) {
        queued.push(producer.enqueue(db, [job]))
        queued.push(producer.offer([{ key: `${jobKeyOf(job)}-${round}-${i}`, name: "order", payload: job }]))
        direct.push(processOrderBatch(db, [job], config))
      }
      // Overlapping batches that list the same orders in opposite orders.
      direct.push(processOrderBatch(db, i % 2 === 0 ? jobs : reversed, config))
    }
    await Promise.all(queued)
    const outcomes = await Promise.all(direct)
    await pipelineIdle(database.pool, runner.queue)
    return outcomes
  }

  it("leaves one record and exactly the engine's lines per order, personal volume counted once, every outbox row done", async () => {
    const outcomes = await deliverTenTimesEverywhere("first")

    for (const outcome of outcomes) expect(outcome.recorded + outcome.duplicates).toBeGreaterThanOrEqual(1)
    expect(await countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)).toBe(12)
    const expected = expectedLines(PLAN, network, orders)
    // Three orders each at depth 12, 7, 3 and 1: 10, 6, 2 and 0 paid levels (the house is the company).
    expect(expected).toHaveLength(3 * (10 + 6 + 2))
    expect(await ledgerLines(database.pool)).toEqual(expected)

    const { rows: pv } = await database.pool.query<{ node_id: number; pv_minor: string }>(
      `SELECT node_id, pv_minor FROM mlm_distributor WHERE pv_minor <> 0 ORDER BY node_id`,
    )
    const expectedPv = new Map<number, number>()
    for (const order of orders) expectedPv.set(order.buyerNode, (expectedPv.get(order.buyerNode) ?? 0) + order.cvMinor)
    expect(pv.map((row) => [row.node_id, Number(row.pv_minor)])).toEqual([...expectedPv].sort((a, b) => a[0] - b[0]))

    const { rows: outbox } = await database.pool.query<{ job_key: string; status: string }>(`SELECT job_key, status FROM mlm_outbox ORDER BY job_key`)
    expect(outbox).toEqual(orders.map((order) => ({ job_key: `order-${order.orderId}`, status: "done" })).sort((a, b) => a.job_key.localeCompare(b.job_key)))
    expect(await runner.queue.queue.getFailedCount()).toBe(0)
  })

  it("a redelivery after the orders are recorded writes nothing at all", async () => {
    const snapshot = () =>
      database.pool
        .query(
          `SELECT (SELECT count(*) FROM mlm_commission_record) AS records,
                  (SELECT count(*) FROM mlm_ledger_line) AS lines,
                  (SELECT max(id) FROM mlm_ledger_line) AS last_line,
                  (SELECT sum(pv_minor) FROM mlm_distributor) AS pv,
                  (SELECT count(*) FROM mlm_outbox) AS outbox,
                  (SELECT max(updated_at) FROM mlm_commission_record) AS record_updated,
                  (SELECT max(done_at) FROM mlm_outbox) AS outbox_done`,
        )
        .then((result) => result.rows[0])
    const before = await snapshot()

    const outcomes = await deliverTenTimesEverywhere("again")

    expect(await snapshot()).toEqual(before)
    for (const outcome of outcomes) expect(outcome).toEqual({ recorded: 0, duplicates: outcome.duplicates, lines: 0 })
    expect(await runner.queue.queue.getFailedCount()).toBe(0)
  })
})
