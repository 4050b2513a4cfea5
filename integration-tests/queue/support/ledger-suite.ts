/**
 * The set-up the ledger suites share: a database of their own with a chain network (support/
 * network.ts) and one plan version, made before the file's tests and dropped after them.
 */
import { pgSqlDb, type SqlDb } from "../../../src/modules/mlm/commissions/sql-db"
import { createTestDatabase, type TestDatabase } from "./database"
import { buildChains, insertPlanVersion, type ChainNetwork } from "./network"

export interface LedgerSuite {
  database: TestDatabase
  db: SqlDb
  network: ChainNetwork
}

/** Filled in by beforeAll: read its fields inside tests and hooks only. */
export function ledgerSuite(options: { prefix: string; chains: number; depth: number; plan: unknown }): LedgerSuite {
  const suite = {} as LedgerSuite
  beforeAll(async () => {
    suite.database = await createTestDatabase(options.prefix, 4)
    suite.db = pgSqlDb(suite.database.pool)
    suite.network = await buildChains(suite.database.pool, options.chains, options.depth)
    await insertPlanVersion(suite.database.pool, options.plan)
  })
  afterAll(async () => {
    await suite.database?.drop()
  })
  return suite
}
