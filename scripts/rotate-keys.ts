/**
 * `npm run keys:rotate`: re-wraps every subject data key to the active keyring key
 * (src/modules/mlm/security/key-rotation-cli.ts for the variables, docs/security.md for the
 * procedure). Exit 0 when every key is under the active key, 1 when some could not be re-wrapped
 * or a variable is wrong. Safe to interrupt and run again.
 */
import { rotateKeysFromEnv } from "../src/modules/mlm/security/key-rotation-cli"

rotateKeysFromEnv()
  .then((summary) => {
    process.exitCode = summary.failed > 0 || summary.remaining > 0 ? 1 : 0
  })
  .catch((error: Error) => {
    console.error(error.message)
    process.exitCode = 1
  })
