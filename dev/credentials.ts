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
