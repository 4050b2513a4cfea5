import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listAuditRows } from "../../../../modules/mlm/security/audit-read"
import { auditDb } from "./audit-request"
import type { AdminAuditListQueryType } from "./validators"

/** Audit rows after `after_seq`, oldest first, filtered; `next_after_seq` continues the list. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminAuditListQueryType>, res: MedusaResponse) {
  const query = req.validatedQuery
  const { rows, next_after_seq } = await listAuditRows((await auditDb(req.scope)).exec, query)
  res.json({ audit_log: rows, next_after_seq, limit: query.limit })
}
