import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { mlmService } from "../../../../../mlm-service"
import type { AdminSetVariantCvType } from "../../validators"
import { auditContextOf } from "../../../audit/audit-request"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ variant_cv: await mlmService(req.scope).getVariantCv(req.params.variant_id) })
}

/** Sets (or replaces) the variant's rule. The variant must exist in the product module. */
export async function POST(req: AuthenticatedMedusaRequest<AdminSetVariantCvType>, res: MedusaResponse) {
  const variantId = req.params.variant_id
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "variant", fields: ["id"], filters: { id: variantId } })
  if (!data.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Variant ${variantId} was not found`)
  const { cv_bp, cv_minor, currency_code } = req.validatedBody
  const rule = cv_bp !== undefined ? { cv_bp } : { cv_minor: cv_minor!, currency_code: currency_code! }
  const variantCv = await mlmService(req.scope).setVariantCv(variantId, rule, req.auth_context.actor_id, auditContextOf(req))
  res.json({ variant_cv: variantCv })
}

/** Removes the rule: the variant's CV falls back to the store's default share. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await mlmService(req.scope).deleteVariantCv(req.params.variant_id, auditContextOf(req))
  res.json({ id: req.params.variant_id, object: "variant_cv", deleted: true })
}
