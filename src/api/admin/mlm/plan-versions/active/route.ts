import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { mlmService } from "../../../../mlm-service"
import type { AdminActivePlanVersionQueryType } from "../validators"

/** The plan version in force for a currency at `at` (default now): latest effective_from <= at. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminActivePlanVersionQueryType>, res: MedusaResponse) {
  const { currency_code, at = new Date() } = req.validatedQuery
  const planVersion = await mlmService(req.scope).getActivePlanVersion(currency_code, at)
  if (!planVersion) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No ${currency_code} plan version is in force at ${at.toISOString()}`)
  }
  res.json({ plan_version: planVersion })
}
