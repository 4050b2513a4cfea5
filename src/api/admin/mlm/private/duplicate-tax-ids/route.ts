import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../mlm-service"
import type { DuplicateTaxIdsQueryType } from "../validators"

/**
 * Sybil detection: groups of distributors that share one tax ID, largest first, found through
 * the blind index alone (nothing is decrypted, no tax ID is shown).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, DuplicateTaxIdsQueryType>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery
  const { groups, count } = await mlmService(req.scope).findDuplicateTaxIds({ limit, offset })
  res.json({ groups, count, limit, offset })
}
