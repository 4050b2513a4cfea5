// `npm run demo:reset`: stops the embedded PostgreSQL if it is running and deletes .demo/
// (cluster, log, passwords), so the next `npm run demo` starts from nothing. A database given
// through DATABASE_URL is never touched: drop it yourself.
import { existsSync, rmSync } from "fs"
import path from "path"
import { DEMO_STATE_DIR } from "./credentials"
import { stopEmbeddedPostgresIfRunning } from "./embedded-pg"

async function reset() {
  if (await stopEmbeddedPostgresIfRunning(path.join(DEMO_STATE_DIR, "pg"))) {
    console.log("[demo:reset] stopped the embedded PostgreSQL")
  }
  if (existsSync(DEMO_STATE_DIR)) {
    rmSync(DEMO_STATE_DIR, { recursive: true, force: true })
    console.log(`[demo:reset] deleted ${DEMO_STATE_DIR}`)
  }
  if (process.env.DATABASE_URL) {
    console.log("[demo:reset] DATABASE_URL is set: that database was left as it is")
  }
}

reset().catch((error) => {
  console.error(`[demo:reset] failed: ${(error as Error).message}`)
  process.exit(1)
})
