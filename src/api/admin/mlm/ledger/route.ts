import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { nodeOfDistributor } from "../../../../modules/mlm/repositories/statement-sql"
import { commissionGateway } from "./ledger-access"
import { adminLedgerLineView } from "./ledger-views"
import type { AdminListLedgerQueryType } from "./validators"

/**
 * Ledger lines, newest first, filtered by beneficiary, order, status, bonus, commission period
 * and posting time. A distributor id that names no distributor is a filter nothing matches: an
 * empty page, like any other filter.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListLedgerQueryType>, res: MedusaResponse) {
  const { distributor_id, order_id, status, bonus, period_key, from, to, limit, offset } = req.validatedQuery
  const gateway = await commissionGateway(req.scope)
  const node = distributor_id === undefined ? undefined : await nodeOfDistributor(gateway.db.exec, distributor_id)
  if (node === null) {
    res.json({ lines: [], count: 0, limit, offset })
    return
  }
  const { rows, count } = await gateway.listLines({ beneficiary_node: node, order_id, status, bonus, period_key, from, to, limit, offset })
  res.json({ lines: rows.map(adminLedgerLineView), count, limit, offset })
}
