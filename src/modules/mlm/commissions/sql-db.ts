/**
 * The commission worker's database handle. Inside Medusa it runs on Medusa's own knex pool;
 * the standalone worker (`mlm-worker`) runs on a `pg` pool of its own. Both run the same SQL
 * from repositories/*.ts with `$n` parameters, so the worker has no Medusa dependency.
 */
import { createHash } from "node:crypto"
import type { SqlExec } from "../repositories/sql-exec"
import { toKnexBindings } from "../repositories/sql-exec"

export interface SqlDb {
  exec: SqlExec
  /** Runs `work` in one transaction (READ COMMITTED); rolls back when it throws. */
  transaction<T>(work: (exec: SqlExec) => Promise<T>): Promise<T>
}

type PgQuery = { name?: string; text: string; values?: unknown[] }
type PgClient = { query(query: string | PgQuery, params?: unknown[]): Promise<{ rows: unknown[] }>; release(): void }
type PgPool = { query(query: string | PgQuery, params?: unknown[]): Promise<{ rows: unknown[] }>; connect(): Promise<PgClient> }

export function pgSqlDb(pool: PgPool): SqlDb {
  const execOn =
    (client: Pick<PgPool, "query">): SqlExec =>
    async <Row>(sql: string, params: unknown[] = []) =>
      (await client.query({ name: statementName(sql), text: sql, values: params })).rows as Row[]
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

const statementNames = new Map<string, string>()

/**
 * The repositories' statements are fixed texts with bind parameters, so each is prepared once per
 * connection under a name derived from its text: the commission worker's batch statements are
 * large, and parsing and planning them on every small batch cost more than running them.
 */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql)
  if (name === undefined) {
    // Bounded: the repositories hold far fewer texts than this; anything beyond runs unnamed.
    if (statementNames.size >= STATEMENT_NAMES_MAX) return undefined
    name = `mlm_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`
    statementNames.set(sql, name)
  }
  return name
}

const STATEMENT_NAMES_MAX = 500

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
