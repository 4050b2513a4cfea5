/**
 * `npm run audit:verify [-- --anchor <seq>:<hash>]`: verifies the audit trail's hash chain
 * (src/modules/mlm/security/audit-verify-cli.ts; docs/security.md "Audit trail"). Exit 0 when it
 * verifies, 1 when a link is broken (the first is printed), 2 when the check could not run.
 */
import { AuditVerifyUsageError, verifyAuditFromEnv } from "../src/modules/mlm/security/audit-verify-cli"

verifyAuditFromEnv()
  .then((report) => {
    process.exitCode = report.ok ? 0 : 1
  })
  .catch((error: Error) => {
    console.error(error instanceof AuditVerifyUsageError ? error.message : `audit:verify: could not verify: ${error.message}`)
    process.exitCode = 2
  })
