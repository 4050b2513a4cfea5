import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  selectStatementLines,
  selectStatementTotals,
} from "../../../../../modules/mlm/repositories/back-office-statement-sql"
import { callerNodeOr404, inBackOfficeSnapshot } from "../volumes/back-office-access"
import { statementRange, statementTotalsView, statementWindow, storeStatementLineView } from "./statement-views"
import type { StoreStatementQueryType } from "./validators"

/**
 * The caller's earnings statement for a period or a range: a page of lines, each explained, and
 * the totals of the whole range. The beneficiary is the token's customer's node (OWASP API1).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreStatementQueryType>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery
  const range = statementRange(req.validatedQuery, new Date())
  const { page, totals } = await inBackOfficeSnapshot(req.scope, async (exec) => {
    const node = await callerNodeOr404(exec, req.auth_context.actor_id)
    const window = statementWindow(range, node.node_id)
    return { page: await selectStatementLines(exec, window, { limit, offset }), totals: await selectStatementTotals(exec, window) }
  })
  res.json({
    period: range,
    totals: statementTotalsView(totals),
    lines: page.rows.map(storeStatementLineView),
    count: page.count,
    limit,
    offset,
  })
}
