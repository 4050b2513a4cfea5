/**
 * `npm run audit:verify` (scripts/audit-verify.ts): verifies the audit trail's hash chain without
 * booting Medusa, on a `pg` connection of its own. Configured by DATABASE_URL; an anchor kept
 * outside the database from an earlier run or the SIEM export (`<seq>:<hash>`) by `--anchor` or
 * MLM_AUDIT_ANCHOR; MLM_AUDIT_VERIFY_PAGE rows per page (default 1000).
 *
 * Exit codes: 0 the chain verifies, 1 a link is broken (the first one is printed), 2 the check
 * could not run (bad environment, database unreachable): a monitor can tell tampering from an
 * outage.
 */
import { Pool } from "pg"
import { z } from "zod"
import { pgSqlDb } from "../commissions/sql-db"
import { AUDIT_VERIFY_PAGE, parseAuditAnchor, verifyAuditChain, type AuditAnchor, type AuditVerifyReport } from "./audit-verify"

export type AuditVerifyLog = (line: string) => void

export class AuditVerifyUsageError extends Error {
  override name = "AuditVerifyUsageError"
}

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, { error: "is required (postgres://user:password@host:port/database)" }),
  MLM_AUDIT_VERIFY_PAGE: z.coerce.number().int().min(1).max(10_000).default(AUDIT_VERIFY_PAGE),
})

function anchorFrom(args: string[], env: NodeJS.ProcessEnv): AuditAnchor | null {
  const index = args.indexOf("--anchor")
  const text = index >= 0 ? args[index + 1] : env.MLM_AUDIT_ANCHOR || undefined
  if (index >= 0 && text === undefined) throw new AuditVerifyUsageError("audit:verify: --anchor needs a value <seq>:<sha256 hex>")
  if (text === undefined) return null
  const anchor = parseAuditAnchor(text)
  if (!anchor) throw new AuditVerifyUsageError(`audit:verify: anchor ${JSON.stringify(text)} is not <seq>:<64 lowercase hex digits>`)
  return anchor
}

export async function verifyAuditFromEnv(
  args: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  log: AuditVerifyLog = console.log,
): Promise<AuditVerifyReport> {
  const unknown = args.filter((arg, index) => arg !== "--anchor" && args[index - 1] !== "--anchor")
  if (unknown.length) throw new AuditVerifyUsageError(`audit:verify: unknown argument ${unknown[0]} (usage: audit:verify [--anchor <seq>:<hash>])`)
  const parsed = envSchema.safeParse({ DATABASE_URL: env.DATABASE_URL ?? "", MLM_AUDIT_VERIFY_PAGE: env.MLM_AUDIT_VERIFY_PAGE || undefined })
  if (!parsed.success) {
    throw new AuditVerifyUsageError(`audit:verify: bad environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`)
  }
  const anchor = anchorFrom(args, env)
  const pool = new Pool({ connectionString: parsed.data.DATABASE_URL, max: 1 })
  try {
    const report = await verifyAuditChain(pgSqlDb(pool).exec, { pageSize: parsed.data.MLM_AUDIT_VERIFY_PAGE, anchor })
    for (const line of describeReport(report, anchor)) log(line)
    return report
  } finally {
    await pool.end()
  }
}

export function describeReport(report: AuditVerifyReport, anchor: AuditAnchor | null): string[] {
  const skipped = report.skipped_seqs ? ` (${report.skipped_seqs} seq numbers skipped by rolled-back inserts)` : ""
  if (!report.first_broken) {
    return [
      `audit:verify: ok: ${report.rows_checked} rows verified${skipped}${anchor ? `, anchor ${anchor.seq} found` : ""}`,
      ...(report.last_seq === null ? [] : [`audit:verify: anchor for the next run: ${report.last_seq}:${report.last_hash}`]),
    ]
  }
  const broken = report.first_broken
  return [
    `audit:verify: BROKEN at seq ${broken.seq} (${broken.reason}): ${broken.detail}`,
    `audit:verify: ${report.rows_checked} rows verified before it`,
  ]
}
