import { randomUUID } from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AdjustmentRefusedError, OrderNotRecordedError } from "../../../../../../modules/mlm/commissions/adjustment-processor"
import type { AdjustmentJob } from "../../../../../../modules/mlm/commissions/jobs"
import { commissionGateway, noCommissionRecord } from "../../../ledger/ledger-access"
import type { AdminCreateCommissionAdjustmentType } from "../../validators"
import { auditContextOf } from "../../../audit/audit-request"

/**
 * A manual adjustment, applied at once (not queued): the admin sees its outcome or its refusal.
 * Each request is a new adjustment (`admin-<uuid>`), so sending the same refund twice refunds
 * twice, exactly like two refunds in Medusa would.
 */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminCreateCommissionAdjustmentType>,
  res: MedusaResponse
) {
  const orderId = req.params.order_id
  const body = req.validatedBody
  const job: AdjustmentJob = {
    kind: "adjustment",
    adjustment_key: `admin-${randomUUID()}`,
    order_id: orderId,
    type: body.type,
    at: new Date().toISOString(),
    ...(body.type === "refund" ? { refund_minor: body.refund_minor } : {}),
    ...(body.type === "return" ? { items: body.items } : {}),
    actor_id: req.auth_context.actor_id,
    ...(body.reason ? { reason: body.reason } : {}),
  }
  const gateway = await commissionGateway(req.scope)
  const outcome = await gateway.adjustNow(job, auditContextOf(req)).catch((error: unknown) => {
    throw asHttpError(error, orderId)
  })
  // Who and why are on the append-only adjustment row (actor_id, reason).
  res.status(201).json({
    adjustment: {
      adjustment_key: job.adjustment_key,
      order_id: orderId,
      type: job.type,
      duplicate: outcome.duplicate,
      net_cv_before: outcome.netCvBefore,
      net_cv_after: outcome.netCvAfter,
      lines: outcome.lines,
      canceled_lines: outcome.canceledLines,
    },
  })
}

/**
 * The processor's refusals are the client's to fix (400) or name an order without a record
 * (404). Matched by name too: the module may be loaded by another module instance than this
 * route, and then `instanceof` fails across the two copies of the class.
 */
function asHttpError(error: unknown, orderId: string): unknown {
  if (isError(error, AdjustmentRefusedError)) {
    return new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
  }
  if (isError(error, OrderNotRecordedError)) return noCommissionRecord(orderId)
  return error
}

function isError(error: unknown, type: { new (...args: never[]): Error; name: string }): error is Error {
  return error instanceof type || (error instanceof Error && error.name === type.name)
}
