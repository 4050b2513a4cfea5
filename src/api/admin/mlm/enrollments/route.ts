import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../mlm-service"
import { CHECKOUT_ENROLLMENT_FIELDS } from "./query-config"
import type { AdminListEnrollmentsQueryType } from "./validators"

/** Checkout enrollment outcomes, one per order, so a skipped enrollment's reason is visible. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListEnrollmentsQueryType>,
  res: MedusaResponse
) {
  const { order_id, customer_id, outcome, limit, offset } = req.validatedQuery
  const filters = {
    ...(order_id ? { order_id } : {}),
    ...(customer_id ? { customer_id } : {}),
    ...(outcome ? { outcome } : {}),
  }
  const [enrollments, count] = await mlmService(req.scope).listAndCountCheckoutEnrollments(filters, {
    select: [...CHECKOUT_ENROLLMENT_FIELDS],
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  res.json({ enrollments, count, limit, offset })
}
