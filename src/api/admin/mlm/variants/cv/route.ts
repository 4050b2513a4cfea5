import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { mlmService } from "../../../../mlm-service"
import type { AdminListVariantCvQueryType } from "../validators"

/** The rules of the given variants; a variant without a rule is absent (the default applies). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminListVariantCvQueryType>, res: MedusaResponse) {
  const mlm = mlmService(req.scope)
  res.json({
    variant_cvs: await mlm.listVariantCv(req.validatedQuery.variant_id),
    default_cv_bp: mlm.getOptions().default_cv_bp,
  })
}
