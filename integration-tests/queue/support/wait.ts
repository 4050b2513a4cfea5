/** Polling helpers for the queue suites: the pipeline is asynchronous, its end state is not. */
import type { Pool } from "pg"
import type { CommissionQueue } from "../../../src/modules/mlm/commissions/queue"

export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last = await read()
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await read()
  }
  return last
}

/** Outbox rows by status. */
export async function outboxStatuses(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM mlm_outbox GROUP BY status`)
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))
}

/** Until every outbox row is done and Redis holds nothing waiting, active or delayed. */
export async function pipelineIdle(pool: Pool, queue: CommissionQueue, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    "the pipeline to go idle",
    async () => ({ outbox: await outboxStatuses(pool), redis: await queue.counts() }),
    ({ outbox, redis }) => !outbox.pending && !outbox.queued && !outbox.failed && redis.waiting === 0 && redis.active === 0 && redis.delayed === 0,
    timeoutMs,
  )
}
