/** What an admin sees of a variant's commissionable value rule. */
export const VARIANT_CV_FIELDS = ["variant_id", "cv_bp", "cv_minor", "currency_code", "updated_by", "updated_at"] as const

export const variantCvQueryConfig = {
  defaults: [...VARIANT_CV_FIELDS],
  allowed: [...VARIANT_CV_FIELDS],
  isList: false,
}
