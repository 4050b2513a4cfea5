import { Client } from "pg"
import type MlmModuleService from "../../src/modules/mlm/service"
import { dropDatabase } from "../queue/support/database"

export const MIGRATIONS = `${__dirname}/../../src/modules/mlm/migrations`

/** Plain SQL on the suite's database, on its own connection (verification only). */
export async function query<Row = Record<string, unknown>>(clientUrl: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: clientUrl })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as Row[]
  } finally {
    await client.end()
  }
}

/** Every row's path is its sponsor's path followed by its own node_id (implies: no cycle). */
export async function treeInvariantViolations(clientUrl: string): Promise<number> {
  const rows = await query<{ bad: string }>(
    clientUrl,
    `SELECT count(*) AS bad FROM mlm_distributor d LEFT JOIN mlm_distributor s ON s.id = d.sponsor_id
      WHERE d.path IS DISTINCT FROM CASE WHEN d.sponsor_id IS NULL THEN ARRAY[d.node_id] ELSE s.path || d.node_id END`
  )
  return Number(rows[0].bad)
}

/** A cycle check that does not trust paths: walk sponsor_id links from every node. */
export async function nodesOnCycles(clientUrl: string): Promise<number> {
  const rows = await query<{ n: string }>(
    clientUrl,
    `WITH RECURSIVE walk(start_id, id, steps) AS (
       SELECT id, sponsor_id, 1 FROM mlm_distributor
       UNION ALL
       SELECT w.start_id, d.sponsor_id, w.steps + 1 FROM walk w JOIN mlm_distributor d ON d.id = w.id
        WHERE w.id IS NOT NULL AND w.id <> w.start_id AND w.steps < 1000
     )
     SELECT count(DISTINCT start_id) AS n FROM walk WHERE id = start_id`
  )
  return Number(rows[0].n)
}

export async function enrollUnder(service: MlmModuleService, customerId: string, sponsorId: string) {
  const { distributor } = await service.enroll({ customer_id: customerId, sponsor_id: sponsorId, source: "admin" })
  return distributor
}

/**
 * Each run gets its own database: other suites of the same module may run at the same time.
 * moduleIntegrationTestRunner creates it and leaves it behind, so it is dropped once the file's
 * tests are done (a file-level afterAll runs after the runner's own teardown has disconnected).
 */
export function uniqueDbName(suite: string): string {
  const name = `mlm_it_${suite}_${process.pid}_${Date.now().toString(36)}`
  afterAll(() => dropDatabase(name))
  return name
}
