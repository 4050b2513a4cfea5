/**
 * A throw-away PostgreSQL database with the mlm module's schema, outside Medusa: the period-run
 * spec and `npm run bench:period` use it. The schema is the module's own migrations, their SQL
 * collected by running each migration's up() against a recorder (as bench/tree.ts does), so the
 * tables, triggers and indexes are exactly what a store gets.
 */
import { randomBytes } from "node:crypto"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { Client, Pool } from "pg"

export interface FreshDatabase {
  name: string
  pool: Pool
  drop(): Promise<void>
}

function serverUrl(database: string): string {
  const url = process.env.DATABASE_URL
    ? new URL(process.env.DATABASE_URL)
    : new URL(`postgres://${process.env.DB_USERNAME || "postgres"}@${process.env.DB_HOST || "127.0.0.1"}:5432/postgres`)
  if (!process.env.DATABASE_URL && process.env.DB_PASSWORD) url.password = process.env.DB_PASSWORD
  url.pathname = `/${database}`
  return url.toString()
}

export async function moduleMigrationSql(): Promise<string[]> {
  const dir = join(__dirname, "../../src/modules/mlm/migrations")
  const files = readdirSync(dir).filter((file) => /^Migration\d+\.ts$/.test(file)).sort()
  const statements: string[] = []
  for (const file of files) {
    const exported = (await import(join(dir, file))) as Record<string, { prototype: { up(): Promise<void> } }>
    for (const MigrationClass of Object.values(exported)) {
      const recorder = Object.create(MigrationClass.prototype) as { up(): Promise<void>; addSql(sql: string): void }
      recorder.addSql = (sql: string) => statements.push(sql)
      await recorder.up()
    }
  }
  return statements
}

/** Creates `<prefix>_<random>` with the module's schema; `drop()` closes the pool and drops it. */
export async function createFreshDatabase(prefix: string, options: { poolSize?: number } = {}): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`
  const admin = new Client({ connectionString: serverUrl("postgres") })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const pool = new Pool({ connectionString: serverUrl(name), max: options.poolSize ?? 4 })
  // An idle client whose backend goes away (the DROP ... WITH (FORCE) below, a server restart)
  // is an 'error' event on the pool; unheard, it fails whatever suite is running.
  pool.on("error", () => undefined)
  const client = await pool.connect()
  try {
    for (const sql of await moduleMigrationSql()) await client.query(sql)
  } finally {
    client.release()
  }
  return {
    name,
    pool,
    async drop() {
      await pool.end()
      const dropper = new Client({ connectionString: serverUrl("postgres") })
      await dropper.connect()
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await dropper.end()
      }
    },
  }
}
