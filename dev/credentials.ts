// Demo logins, generated once per checkout and kept in .demo/credentials.json (git-ignored,
// mode 0600): the demo server listens on the network, so it gets no well-known password.
import { randomBytes } from "crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs"
import path from "path"

export type DemoCredentials = {
  admin: { email: string; password: string }
  /** password of the demo customers that can log in (see dev/seed/customers.ts) */
  customerPassword: string
}

export const DEMO_STATE_DIR = path.resolve(__dirname, "..", ".demo")
const CREDENTIALS_FILE = path.join(DEMO_STATE_DIR, "credentials.json")

export function readOrCreateCredentials(): DemoCredentials {
  if (existsSync(CREDENTIALS_FILE)) {
    return JSON.parse(readFileSync(CREDENTIALS_FILE, "utf8")) as DemoCredentials
  }
  const credentials: DemoCredentials = {
    admin: {
      email: process.env.MLM_DEMO_ADMIN_EMAIL || "admin@mlm-demo.local",
      password: process.env.MLM_DEMO_ADMIN_PASSWORD || randomBytes(12).toString("base64url"),
    },
    customerPassword: process.env.MLM_DEMO_CUSTOMER_PASSWORD || randomBytes(12).toString("base64url"),
  }
  mkdirSync(DEMO_STATE_DIR, { recursive: true })
  writeFileSync(CREDENTIALS_FILE, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 })
  return credentials
}

const KEYS_FILE = path.join(DEMO_STATE_DIR, "keys.json")

/**
 * The demo store's personal-data keyring and backup key, generated once per checkout into
 * .demo/keys.json (mode 0600), as environment for every medusa process the demo starts. A store
 * in production gets its keys from its own configuration or KMS (docs/security.md); an
 * environment that already sets MLM_ENCRYPTION_KEYS keeps it.
 */
export function demoKeyEnvironment(): Record<string, string> {
  if (process.env.MLM_ENCRYPTION_KEYS) return {}
  if (!existsSync(KEYS_FILE)) {
    const keys = {
      MLM_ENCRYPTION_KEYS: `demo1:${randomBytes(32).toString("base64")}`,
      MLM_ACTIVE_KEY_ID: "demo1",
      MLM_BLIND_INDEX_KEY: randomBytes(32).toString("base64"),
      MLM_BACKUP_KEY: randomBytes(32).toString("base64"),
    }
    mkdirSync(DEMO_STATE_DIR, { recursive: true })
    writeFileSync(KEYS_FILE, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 })
  }
  return JSON.parse(readFileSync(KEYS_FILE, "utf8")) as Record<string, string>
}
