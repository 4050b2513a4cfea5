/**
 * A throw-away PostgreSQL database with the mlm module's schema, for the queue and period suites
 * and the pipeline and period benches. The schema is the module's own migrations: each migration's up() is run
 * against a recorder and the SQL it adds is executed in file order (as bench/tree.ts does), so
 * no Medusa boot is needed.
 */
import { randomBytes } from "node:crypto"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { Client, Pool } from "pg"

/**
 * The server the suites and benches create their databases on: MLM_TEST_PG_URL, else
 * DATABASE_URL's server, else DB_HOST/DB_USERNAME/DB_PASSWORD as the Medusa suites use.
 */
export function serverUrl(): URL {
  const given = process.env.MLM_TEST_PG_URL || process.env.DATABASE_URL
  if (given) return new URL(given)
  const url = new URL("postgres://localhost:5432/postgres")
  url.hostname = process.env.DB_HOST || "localhost"
  url.username = process.env.DB_USERNAME || "postgres"
  url.password = process.env.DB_PASSWORD || ""
  return url
}

export function urlFor(database: string): string {
  const url = serverUrl()
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * The SQL of the module's migrations in file order; `range` picks the ones after `after` and up to
 * `through` (class names such as "Migration20261121180000"), for tests of a migration's backfill.
 */
export function migrationSql(range: { after?: string; through?: string } = {}): string[] {
  const dir = join(__dirname, "../../../src/modules/mlm/migrations")
  const files = readdirSync(dir)
    .filter((file) => /^Migration\d+\.ts$/.test(file))
    .sort()
    .filter((file) => (range.after === undefined || file > `${range.after}.ts`) && (range.through === undefined || file <= `${range.through}.ts`))
  const statements: string[] = []
  for (const file of files) {
    // require keeps this synchronous and works alike under jest (swc) and tsx.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(join(dir, file)) as Record<string, { prototype: { up(): Promise<void> } }>
    for (const MigrationClass of Object.values(exported)) {
      const recorder = Object.create(MigrationClass.prototype) as { up(): Promise<void>; addSql(sql: string): void }
      recorder.addSql = (sql: string) => statements.push(sql)
      // up() only calls addSql synchronously; its promise carries nothing else.
      void recorder.up()
    }
  }
  return statements
}

export interface TestDatabase {
  name: string
  url: string
  pool: Pool
  drop(): Promise<void>
}

/** CREATE DATABASE <prefix>_<random>, migrated (through `through` only, when given); drop() closes the pool and drops it. */
export async function createTestDatabase(prefix: string, poolSize = 20, through?: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`
  const admin = new Client({ connectionString: urlFor("postgres") })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = urlFor(name)
  const setup = new Client({ connectionString: url })
  await setup.connect()
  try {
    for (const statement of migrationSql({ through })) await setup.query(statement)
  } finally {
    await setup.end()
  }
  const pool = new Pool({ connectionString: url, max: poolSize })
  pool.on("error", () => undefined)
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end().catch(() => undefined)
      await dropDatabase(name)
    },
  }
}

/** DROP DATABASE … WITH (FORCE), from the server's maintenance database. */
export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: urlFor("postgres") })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
