/**
 * 200 orders enqueued at once by two producers and taken by two workers on separate pools (as two
 * hosts would): batches overlap, commit concurrently and update the same buyers' personal volume
 * and the same uplines. Every order gets one record and exactly the engine's cents.
 */
import { Pool } from "pg"
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { startCommissionRunner, type CommissionRunner } from "../../src/modules/mlm/commissions/runner"
import { pgSqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "./support/database"
import { buildChains, countOf, expectedLines, insertPlanVersion, ledgerLines, orderJob, type ChainNetwork, type OrderSpec } from "./support/network"
import { OwnRedis } from "./support/redis-server"
import { outboxStatuses, pipelineIdle } from "./support/wait"


jest.setTimeout(120_000)

const PLAN = {
  currency: "EUR",
  components: [{ type: "unilevel", levels_bp: [700, 500, 300, 200, 150, 100, 75, 50, 33, 25, 17, 9], compression: "dynamic" }],
}
const PREFIX = "mlm-concurrent"
const ORDERS = 200

describe("queue: 200 orders enqueued concurrently", () => {
  let database: TestDatabase
  let redis: OwnRedis
  let network: ChainNetwork
  const pools: Pool[] = []
  const runners: CommissionRunner[] = []
  const producers: CommissionQueue[] = []

  beforeAll(async () => {
    database = await createTestDatabase("mlm_q")
    redis = await OwnRedis.start()
    network = await buildChains(database.pool, 8, 15)
    await insertPlanVersion(database.pool, PLAN)
    for (let i = 0; i < 2; i++) {
      const pool = new Pool({ connectionString: database.url, max: 10 })
      pools.push(pool)
      // Small batches and a wide window: many transactions overlap.
      runners.push(startCommissionRunner({ db: pgSqlDb(pool), redisUrl: redis.url, prefix: PREFIX, holdingDays: 30, batchSize: 16, concurrency: 64, lingerMs: 5 }))
      producers.push(new CommissionQueue(redis.url, PREFIX))
    }
  })

  afterAll(async () => {
    for (const runner of runners) await runner.close()
    for (const producer of producers) await producer.close()
    for (const pool of pools) await pool.end()
    await redis?.stop()
    await database?.drop()
  })

  it("records all 200 with exactly the engine's lines and each buyer's personal volume summed once", async () => {
    // 120 buyers at depths 1–15, 80 of them with two orders; CVs that make rates round.
    const orders: OrderSpec[] = Array.from({ length: ORDERS }, (_, i) => ({
      orderId: `order_conc_${i}`,
      buyerNode: network.chain(i % 8)[(i * 7) % 15],
      cvMinor: 999 + ((i * 7919) % 20_011),
    }))
    const db = pgSqlDb(database.pool)
    const results = await Promise.all(orders.map((order, i) => producers[i % 2].enqueue(db, [orderJob(order, "EUR")])))
    // Every order is recorded in the outbox. Its offer to Redis may miss its 1 s timeout on a
    // loaded machine (200 offers queue on two connections while two workers run); such a job
    // waits in the outbox for the relay, and the end state below must be the same either way.
    expect(results.every((result) => result.recorded.length === 1)).toBe(true)

    await pipelineIdle(database.pool, producers[0])

    expect(await countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)).toBe(ORDERS)
    const expected = expectedLines(PLAN, network, orders)
    expect(expected.length).toBeGreaterThan(1000)
    expect(await ledgerLines(database.pool)).toEqual(expected)

    const expectedPv = new Map<number, number>()
    for (const order of orders) expectedPv.set(order.buyerNode, (expectedPv.get(order.buyerNode) ?? 0) + order.cvMinor)
    const { rows } = await database.pool.query<{ node_id: number; pv_minor: string }>(`SELECT node_id, pv_minor FROM mlm_distributor WHERE pv_minor <> 0 ORDER BY node_id`)
    expect(rows.map((row) => [row.node_id, Number(row.pv_minor)])).toEqual([...expectedPv].sort((a, b) => a[0] - b[0]))
    expect(await outboxStatuses(database.pool)).toEqual({ done: ORDERS })
    expect(await producers[0].queue.getFailedCount()).toBe(0)
  })
})
