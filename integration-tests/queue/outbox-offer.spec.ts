/**
 * The producer's outbox states (docs/ledger.md, "No event lost"): a job it offers is recorded
 * `queued`, so the relay does not offer a backlog a second time while it waits in Redis; a job
 * whose offer failed goes back to `pending`, which the relay takes.
 */
import { CommissionQueue } from "../../src/modules/mlm/commissions/queue"
import { pgSqlDb, type SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { claimOutboxForRelay } from "../../src/modules/mlm/repositories/outbox-sql"
import { createTestDatabase, type TestDatabase } from "./support/database"
import { orderJob } from "./support/network"
import { freePort, OwnRedis } from "./support/redis-server"

jest.setTimeout(60_000)

const PREFIX = "mlm-offer"

describe("outbox: what the producer records, and what the relay takes", () => {
  let database: TestDatabase
  let redis: OwnRedis
  let db: SqlDb
  let live: CommissionQueue
  let dead: CommissionQueue

  beforeAll(async () => {
    database = await createTestDatabase("mlm_it_offer", 4)
    db = pgSqlDb(database.pool)
    redis = await OwnRedis.start()
    live = new CommissionQueue(redis.url, PREFIX)
    // Nothing listens on this port: every offer fails.
    dead = new CommissionQueue(`redis://127.0.0.1:${await freePort()}`, PREFIX)
  })

  afterAll(async () => {
    await live?.close()
    await dead?.close()
    await redis?.stop()
    await database?.drop()
  })

  const rows = async () =>
    (
      await database.pool.query<{ job_key: string; status: string; queued: boolean; attempts: number }>(
        `SELECT job_key, status, queued_at IS NOT NULL AS queued, attempts FROM mlm_outbox ORDER BY job_key`,
      )
    ).rows

  it("records offered jobs as queued and failed offers as pending; the relay claims only the pending ones", async () => {
    const job = (n: number) => orderJob({ orderId: `order_offer_${n}`, buyerNode: 2, cvMinor: 1_000 }, "EUR")
    expect(await live.enqueue(db, [job(1), job(2)])).toEqual({ recorded: ["order-order_offer_1", "order-order_offer_2"], offered: true })
    expect(await dead.enqueue(db, [job(3)])).toEqual({ recorded: ["order-order_offer_3"], offered: false })
    // Recorded once: the same event again offers nothing.
    expect(await live.enqueue(db, [job(1)])).toEqual({ recorded: [], offered: true })
    expect(await live.counts()).toEqual({ waiting: 2, paused: 0, active: 0, delayed: 0, failed: 0 })
    expect(await rows()).toEqual([
      { job_key: "order-order_offer_1", status: "queued", queued: true, attempts: 0 },
      { job_key: "order-order_offer_2", status: "queued", queued: true, attempts: 0 },
      { job_key: "order-order_offer_3", status: "pending", queued: false, attempts: 0 },
    ])

    // Jobs waiting in Redis are not re-offered before the queued limit; the failed offer is.
    const claimed = await claimOutboxForRelay(db.exec, { pendingAfterMs: 0, queuedAfterMs: 120_000, limit: 100 })
    expect(claimed.map((row) => row.job_key)).toEqual(["order-order_offer_3"])
    expect(await claimOutboxForRelay(db.exec, { pendingAfterMs: 0, queuedAfterMs: 0, limit: 100 }).then((due) => due.map((row) => row.job_key))).toEqual([
      "order-order_offer_1",
      "order-order_offer_2",
      "order-order_offer_3",
    ])
  })
})
