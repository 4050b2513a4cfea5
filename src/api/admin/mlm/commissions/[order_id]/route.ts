import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { outboxJobByKey } from "../../../../../modules/mlm/repositories/outbox-sql"
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

/**
 * Why an order paid what it paid: the record (CV, terms, refunds), its adjustments, its lines,
 * and its commission job as the outbox keeps it (`job`, null for an order that never went
 * through the queue). An order whose job is recorded but has not written a record yet (queued,
 * or failed) answers `record: null` with the job; an order with neither is a 404.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const gateway = await commissionGateway(req.scope)
  const orderId = req.params.order_id
  const [commission, job] = await Promise.all([gateway.orderCommission(orderId), outboxJobByKey(gateway.db.exec, `order-${orderId}`)])
  if (!commission) {
    if (!job) throw noCommissionRecord(orderId)
    return res.json({ record: null, adjustments: [], lines: [], job })
  }
  const record = commission.record as CommissionRecordRow
  const distributorOf = await distributorIdsOfNodes(gateway.db.exec, nodesOfRecord(record))
  res.json({
    record: adminCommissionRecordView(record, distributorOf),
    adjustments: (commission.adjustments as CommissionAdjustmentRow[]).map(adminCommissionAdjustmentView),
    lines: commission.lines.map(adminLedgerLineView),
    job,
  })
}
