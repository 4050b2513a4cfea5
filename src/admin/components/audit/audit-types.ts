/**
 * Response shapes of the audit routes (src/api/admin/mlm/audit/**, docs/security.md "Audit
 * trail"): rows oldest first by seq, and the chain verification report. The row and the report
 * are the server's own types (type-only imports: nothing of the server reaches the bundle).
 */
import type { AuditRowDTO } from "../../../modules/mlm/security/audit-read"

export type { AuditVerifyReport } from "../../../modules/mlm/security/audit-verify"

export type AuditRow = AuditRowDTO

export type AuditList = { audit_log: AuditRow[]; next_after_seq: number; limit: number }
