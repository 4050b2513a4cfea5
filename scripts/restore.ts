/**
 * `npm run restore -- --in <file>`: an archive from `npm run backup` into a database whose plugin
 * schema exists (run `medusa db:migrate` first) and whose plugin tables are empty; all or nothing
 * (src/modules/mlm/security/backup-restore.ts, docs/security.md "Backups"). Exit 0 when restored.
 */
import { restoreFromEnv } from "../src/modules/mlm/security/backup-cli"

restoreFromEnv(process.argv.slice(2))
  .then(() => {
    process.exitCode = 0
  })
  .catch((error: Error) => {
    console.error(error.message)
    process.exitCode = 1
  })
