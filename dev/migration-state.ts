// `medusa db:migrate` boots Medusa several times (migrations, link sync, migration scripts)
// and takes ~20s even when there is nothing to do. The demo records a fingerprint of what
// decides the schema (the lock file, i.e. Medusa's versions; medusa-config.ts; the plugin's
// migrations, links and migration scripts) in a one-row table of the demo database, and runs
// db:migrate again only when that fingerprint changes. MLM_DEMO_MIGRATE=always forces it.
import { createHash } from "crypto"
import { existsSync, readdirSync, readFileSync, statSync } from "fs"
import path from "path"
import { Client } from "pg"

const REPO_ROOT = path.resolve(__dirname, "..")
const STATE_TABLE = "mlm_demo_state"
const FINGERPRINT_KEY = "migrations_fingerprint"

export function schemaFingerprint(): string {
  const hash = createHash("sha256")
  const files = [
    "package-lock.json",
    "medusa-config.ts",
    ...listFiles("src/links"),
    ...listFiles("src/migration-scripts"),
    ...listModuleMigrations(),
  ]
  for (const file of files.sort()) {
    hash.update(file).update("\0")
    const absolute = path.join(REPO_ROOT, file)
    hash.update(existsSync(absolute) ? readFileSync(absolute) : "missing").update("\0")
  }
  return hash.digest("hex")
}

export async function isMigrated(databaseUrl: string, fingerprint: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    const table = await client.query("SELECT to_regclass($1) AS name", [`public.${STATE_TABLE}`])
    if (!table.rows[0]?.name) {
      return false
    }
    const row = await client.query(`SELECT value FROM ${STATE_TABLE} WHERE key = $1`, [FINGERPRINT_KEY])
    return row.rows[0]?.value === fingerprint
  })
}

export async function recordMigrated(databaseUrl: string, fingerprint: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (key text PRIMARY KEY, value text NOT NULL)`)
    await client.query(
      `INSERT INTO ${STATE_TABLE} (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [FINGERPRINT_KEY, fingerprint]
    )
  })
}

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function listModuleMigrations(): string[] {
  const modulesDir = path.join(REPO_ROOT, "src/modules")
  if (!existsSync(modulesDir)) {
    return []
  }
  return readdirSync(modulesDir).flatMap((name) => listFiles(path.join("src/modules", name, "migrations")))
}

function listFiles(relativeDir: string): string[] {
  const absolute = path.join(REPO_ROOT, relativeDir)
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    return []
  }
  return readdirSync(absolute).flatMap((entry) => {
    const relative = path.join(relativeDir, entry)
    return statSync(path.join(REPO_ROOT, relative)).isDirectory() ? listFiles(relative) : [relative]
  })
}
