import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { distributorIdsOfNodes } from "../../../../../modules/mlm/repositories/statement-sql"
import { commissionGateway, noCommissionRecord } from "../../ledger/ledger-access"
import {
  adminCommissionAdjustmentView,
  adminCommissionRecordView,
  adminLedgerLineView,
  nodesOfRecord,
  type CommissionAdjustmentRow,
  type CommissionRecordRow,
} from "../../ledger/ledger-views"

/** Why an order paid what it paid: the record (CV, terms, refunds), its adjustments, its lines. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const gateway = await commissionGateway(req.scope)
  const commission = await gateway.orderCommission(req.params.order_id)
  if (!commission) throw noCommissionRecord(req.params.order_id)
  const record = commission.record as CommissionRecordRow
  const distributorOf = await distributorIdsOfNodes(gateway.db.exec, nodesOfRecord(record))
  res.json({
    record: adminCommissionRecordView(record, distributorOf),
    adjustments: (commission.adjustments as CommissionAdjustmentRow[]).map(adminCommissionAdjustmentView),
    lines: commission.lines.map(adminLedgerLineView),
  })
}
