import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withConflictMessage } from "../../../../../conflict-response"
import { customersByIds } from "../../../../../customer-lookup"
import { mlmService } from "../../../../../mlm-service"
import { privacyActorOf } from "../../../private/views"

/**
 * Everything the plugin holds about a distributor, as one JSON document (right of access and
 * portability), audited as data_exported. The linked Medusa customer's name and email are
 * joined in; the rest of what Medusa holds (orders, addresses) is exported with Medusa's tools.
 */
export const POST = withConflictMessage(async function exportDistributor(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const document = await mlmService(req.scope).exportDistributorData({
    distributor_id: req.params.id,
    actor: privacyActorOf(req, "user"),
  })
  const customerId = (document.distributor as { customer_id: string | null }).customer_id
  const customers = await customersByIds(req.scope, [customerId])
  res.json({ export: { ...document, customer: customerId ? customers.get(customerId) ?? null : null } })
})
