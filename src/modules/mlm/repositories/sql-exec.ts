/**
 * One way to run SQL for the service (through MikroORM's knex, inside Medusa's transaction) and
 * for bench/tree.ts (through `pg`), so both run the very same statements. Statements are written
 * with PostgreSQL's `$n` placeholders and always take real bind parameters: no value is ever
 * spliced into SQL text.
 */
export type SqlExec = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>

type KnexLike = { raw: (sql: string, bindings: unknown[]) => Promise<{ rows?: unknown[] }> }
type ManagerLike = { getTransactionContext(): unknown; getKnex(): unknown }

/** knex numbers `?` itself; map `$n` to `?` in order of appearance (a repeated `$n` repeats). */
export function toKnexBindings(sql: string, params: unknown[]): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = []
  const knexSql = sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const position = Number(index) - 1
    if (position < 0 || position >= params.length) {
      throw new Error(`SQL placeholder $${index} has no parameter (${params.length} given)`)
    }
    bindings.push(params[position])
    return "?"
  })
  return { sql: knexSql, bindings }
}

/** An executor on a MikroORM entity manager: its open transaction if any, else the pool. */
export function sqlExecFor(manager: ManagerLike): SqlExec {
  const knex = (manager.getTransactionContext() ?? manager.getKnex()) as KnexLike
  return async <Row>(sql: string, params: unknown[] = []) => {
    const statement = toKnexBindings(sql, params)
    const result = await knex.raw(statement.sql, statement.bindings)
    return (result.rows ?? []) as Row[]
  }
}
