/**
 * Redis down while orders are placed: the producer's offer fails fast (the checkout never waits
 * on Redis), every job stays in the PostgreSQL outbox, and once Redis is back (empty: it lost
 * everything) the runner's relay offers them again and every order gets exactly its lines.
 */
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { startCommissionRunner, type CommissionRunner } from "../../src/modules/mlm/commissions/runner"
import { pgSqlDb, type SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "./support/database"
import { buildChains, countOf, expectedLines, insertPlanVersion, ledgerLines, orderJob, type ChainNetwork, type OrderSpec } from "./support/network"
import { OwnRedis } from "./support/redis-server"
import { outboxStatuses, pipelineIdle, waitFor } from "./support/wait"

jest.setTimeout(120_000)

const PLAN = {
  currency: "USD",
  rounding: "half_even",
  components: [{ type: "unilevel", levels_bp: [800, 400, 200, 100, 50], compression: "dynamic" }],
}
const PREFIX = "mlm-outage"

describe("queue: Redis stopped while orders are enqueued", () => {
  let database: TestDatabase
  let redis: OwnRedis
  let db: SqlDb
  let network: ChainNetwork
  let runner: CommissionRunner
  let producer: CommissionQueue

  beforeAll(async () => {
    database = await createTestDatabase("mlm_q")
    redis = await OwnRedis.start()
    db = pgSqlDb(database.pool)
    network = await buildChains(database.pool, 5, 8)
    await insertPlanVersion(database.pool, PLAN)
    runner = startCommissionRunner({ db, redisUrl: redis.url, prefix: PREFIX, holdingDays: 30, relayIntervalMs: 200, relayPendingAfterMs: 300 })
    producer = new CommissionQueue(redis.url, PREFIX)
  })

  afterAll(async () => {
    await runner?.close()
    await producer?.close()
    await redis?.stop()
    await database?.drop()
  })

  const ordersFrom = (first: number, count: number): OrderSpec[] =>
    Array.from({ length: count }, (_, k) => {
      const i = first + k
      // CV = 1,025 + 50k: the 2 % level is always a half-cent tie, which half_even decides.
      return { orderId: `order_outage_${i}`, buyerNode: network.chain(i % 5)[1 + (i % 7)], cvMinor: 1_025 + 50 * (i % 40) }
    })

  it("keeps the jobs in the outbox while Redis is down and delivers every one exactly once when it is back", async () => {
    const before = ordersFrom(0, 20)
    await producer.enqueue(db, before.map((order) => orderJob(order, "USD")))
    await pipelineIdle(database.pool, producer)
    expect(await countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)).toBe(20)

    await redis.stop()
    const during = ordersFrom(20, 100)
    const offers = await Promise.all(
      Array.from({ length: 10 }, async (_, chunk) => {
        const started = Date.now()
        const result = await producer.enqueue(db, during.slice(chunk * 10, chunk * 10 + 10).map((order) => orderJob(order, "USD")))
        return { ...result, ms: Date.now() - started }
      }),
    )
    for (const offer of offers) {
      expect(offer.offered).toBe(false)
      expect(offer.recorded).toHaveLength(10)
      // Fails fast: no offline queue, at most the 1 s offer timeout.
      expect(offer.ms).toBeLessThan(1_500)
    }
    // The relay keeps trying while Redis is down; nothing is lost and nothing is processed.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const open = await outboxStatuses(database.pool)
    expect((open.pending ?? 0) + (open.queued ?? 0)).toBe(100)
    expect(open.done).toBe(20)
    expect(await countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)).toBe(20)

    await redis.startAgain()
    await waitFor("the relay to deliver every order", () => countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`), (n) => n === 120, 60_000)
    await pipelineIdle(database.pool, producer)

    const orders = [...before, ...during]
    const expected = expectedLines(PLAN, network, orders)
    expect(expected.length).toBeGreaterThan(300)
    expect(await ledgerLines(database.pool)).toEqual(expected)
    expect(await outboxStatuses(database.pool)).toEqual({ done: 120 })
    const [{ pv }] = (await database.pool.query<{ pv: string }>(`SELECT sum(pv_minor) AS pv FROM mlm_distributor`)).rows
    expect(Number(pv)).toBe(orders.reduce((sum, order) => sum + order.cvMinor, 0))
  })
})
