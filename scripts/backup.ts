/**
 * `npm run backup -- --out <file>`: an encrypted archive of every plugin table
 * (src/modules/mlm/security/backup-cli.ts for the variables, docs/security.md "Backups" for key
 * handling and the restore procedure). Exit 0 when the archive is complete, 1 otherwise.
 */
import { backupFromEnv } from "../src/modules/mlm/security/backup-cli"

backupFromEnv(process.argv.slice(2))
  .then(() => {
    process.exitCode = 0
  })
  .catch((error: Error) => {
    console.error(error.message)
    process.exitCode = 1
  })
