import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyAuditChain } from "../../../../../modules/mlm/security/audit-verify"
import { auditDb } from "../audit-request"
import type { AdminAuditVerifyQueryType } from "../validators"

/**
 * Walks the whole hash chain and reports the first broken link (200 either way: the report is
 * the answer). With `anchor_seq` and `anchor_hash`, also checks that row is still in the chain.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminAuditVerifyQueryType>, res: MedusaResponse) {
  const { anchor_seq, anchor_hash } = req.validatedQuery
  const anchor = anchor_seq !== undefined && anchor_hash !== undefined ? { seq: anchor_seq, hash: anchor_hash } : null
  res.json(await verifyAuditChain((await auditDb(req.scope)).exec, { anchor }))
}
