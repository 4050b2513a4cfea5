/**
 * A standalone worker process (`mlm-worker`, run from source with tsx) killed with SIGKILL while a
 * batch transaction is writing (it waits for a row lock the test holds, so the kill cannot land
 * between writes): PostgreSQL rolls the batch back, BullMQ hands the killed worker's
 * jobs to the next worker once their locks expire (stalled jobs), and the orders the killed
 * worker had committed but not yet acknowledged are redelivered and absorbed. Every order ends
 * with exactly its lines.
 */
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { pgSqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "./support/database"
import { buildChains, countOf, expectedLines, insertPlanVersion, ledgerLines, orderJob, unilevelPlan, type ChainNetwork, type OrderSpec } from "./support/network"
import { OwnRedis } from "./support/redis-server"
import { pipelineIdle, waitFor } from "./support/wait"
import { WorkerProcess } from "./support/worker-process"

jest.setTimeout(180_000)

const PLAN = unilevelPlan("EUR", 30, 37)
const PREFIX = "mlm-crash"
const ORDERS = 3000
/** Orders whose owners' rows the test holds locked while the victim runs. */
const LOCKED = 500

describe("queue: a worker killed in the middle of a batch", () => {
  let database: TestDatabase
  let redis: OwnRedis
  let network: ChainNetwork
  let producer: CommissionQueue
  const workers: WorkerProcess[] = []

  beforeAll(async () => {
    database = await createTestDatabase("mlm_q")
    redis = await OwnRedis.start()
    network = await buildChains(database.pool, 10, 40)
    await insertPlanVersion(database.pool, PLAN)
    producer = new CommissionQueue(redis.url, PREFIX)
  })

  afterAll(async () => {
    for (const worker of workers) await worker.stop("SIGKILL")
    await producer?.close()
    await redis?.stop()
    await database?.drop()
  })

  it("loses no order and pays none twice after SIGKILL during a commit and a restart", async () => {
    // Buyers at depth 31–40: every order pays all 30 levels, so batches are long. Chain 9's
    // buyers place only the last LOCKED orders.
    const orders: OrderSpec[] = Array.from({ length: ORDERS }, (_, i) => ({
      orderId: `order_crash_${String(i).padStart(5, "0")}`,
      buyerNode: network.chain(i < ORDERS - LOCKED ? i % 9 : 9)[30 + (i % 10)],
      cvMinor: 5_000 + (i % 97) * 113,
    }))
    // The test holds chain 9's buyers' rows, so the batch that reaches their orders writes its
    // lines and then waits for the PV update's row lock: the kill lands inside that write, while
    // the batches before it have committed (and some of their jobs are not yet acknowledged).
    const lock = await database.pool.connect()
    await lock.query("BEGIN")
    await lock.query(`SELECT node_id FROM mlm_distributor WHERE node_id = ANY($1::int[]) FOR UPDATE`, [network.chain(9).slice(30)])
    // Large batches: the kill lands inside a long transaction.
    const victim = await WorkerProcess.start({
      // The server checks the victim's connections every 100 ms while they run a statement: a
      // backend left waiting on a lock by a dead client would otherwise wait (and later commit).
      databaseUrl: `${database.url}?application_name=mlm_victim&options=${encodeURIComponent("-c client_connection_check_interval=100")}`,
      redisUrl: redis.url,
      prefix: PREFIX,
      batchSize: 1000,
      concurrency: 2000,
    })
    workers.push(victim)

    const db = pgSqlDb(database.pool)
    for (let i = 0; i < ORDERS; i += 500) await producer.enqueue(db, orders.slice(i, i + 500).map((order) => orderJob(order, "EUR")))

    // The victim's batch has written rows, has not committed, and waits for the test's lock.
    await waitFor(
      "the victim's batch transaction to wait inside its write",
      () =>
        countOf(
          database.pool,
          `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'mlm_victim' AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'`,
        ),
      (waiting) => waiting > 0,
      60_000,
    )
    expect(await victim.stop("SIGKILL")).toBeNull()
    // The killed worker's backends end, rolling back the batch they were writing.
    await waitFor("the victim's backends to end", () => countOf(database.pool, `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'mlm_victim'`), (n) => n === 0)
    await lock.query("ROLLBACK")
    lock.release()
    const committed = await countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`)
    expect(committed).toBeLessThanOrEqual(ORDERS - LOCKED)
    expect(await countOf(database.pool, `SELECT count(*) AS n FROM mlm_ledger_line`)).toBe(committed * 30)

    const successor = await WorkerProcess.start({ databaseUrl: database.url, redisUrl: redis.url, prefix: PREFIX })
    workers.push(successor)
    // The victim's jobs come back when their BullMQ locks expire (30 s) at the next stalled check.
    await waitFor("every order to be recorded", () => countOf(database.pool, `SELECT count(*) AS n FROM mlm_commission_record`), (n) => n === ORDERS, 120_000)
    await pipelineIdle(database.pool, producer)

    const expected = expectedLines(PLAN, network, orders)
    expect(expected).toHaveLength(ORDERS * 30)
    expect(await ledgerLines(database.pool)).toEqual(expected)
    const { rows: pv } = await database.pool.query<{ pv: string; cv: string }>(
      `SELECT (SELECT sum(pv_minor) FROM mlm_distributor) AS pv, (SELECT sum(cv_minor) FROM mlm_commission_record) AS cv`,
    )
    expect(Number(pv[0].pv)).toBe(orders.reduce((sum, order) => sum + order.cvMinor, 0))
    expect(pv[0].cv).toBe(pv[0].pv)
    expect(await producer.queue.getFailedCount()).toBe(0)
    expect(await successor.stop("SIGTERM")).toBe(0)
  })
})
