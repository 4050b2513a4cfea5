/**
 * The commission worker's database handle. Inside Medusa it runs on Medusa's own knex pool;
 * the standalone worker (`mlm-worker`) runs on a `pg` pool of its own. Both run the same SQL
 * from repositories/*.ts with `$n` parameters, so the worker has no Medusa dependency.
 */
import type { SqlExec } from "../repositories/sql-exec"
import { toKnexBindings } from "../repositories/sql-exec"

export interface SqlDb {
  exec: SqlExec
  /** Runs `work` in one transaction (READ COMMITTED); rolls back when it throws. */
  transaction<T>(work: (exec: SqlExec) => Promise<T>): Promise<T>
}

type PgClient = { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>; release(): void }
type PgPool = { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>; connect(): Promise<PgClient> }

export function pgSqlDb(pool: PgPool): SqlDb {
  const execOn =
    (client: Pick<PgPool, "query">): SqlExec =>
    async <Row>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as Row[]
  return {
    exec: execOn(pool),
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query("BEGIN")
        const result = await work(execOn(client))
        await client.query("COMMIT")
        return result
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
  }
}

type KnexRaw = { raw(sql: string, bindings: unknown[]): Promise<{ rows?: unknown[] }> }
type Knex = KnexRaw & { transaction<T>(work: (trx: KnexRaw) => Promise<T>): Promise<T> }

export function knexSqlDb(knex: Knex): SqlDb {
  const execOn =
    (runner: KnexRaw): SqlExec =>
    async <Row>(sql: string, params: unknown[] = []) => {
      const statement = toKnexBindings(sql, params)
      return ((await runner.raw(statement.sql, statement.bindings)).rows ?? []) as Row[]
    }
  return {
    exec: execOn(knex),
    transaction: (work) => knex.transaction((trx) => work(execOn(trx))),
  }
}

/** PostgreSQL errors worth retrying at once: deadlock, serialization failure. */
export function isTransientPgError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code
  return code === "40P01" || code === "40001"
}
