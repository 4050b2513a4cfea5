/**
 * Field sets the distributor routes return. The routes build their responses from the mlm
 * service (not from `fields=`), so `allowed` here is also the sort allowlist Medusa enforces.
 */
export const DISTRIBUTOR_FIELDS = [
  "id",
  "customer_id",
  "referral_code",
  "status",
  "sponsor_id",
  "depth",
  "is_house",
  "enrolled_at",
  "created_at",
  "updated_at",
] as const

export const listDistributorsQueryConfig = {
  defaults: [...DISTRIBUTOR_FIELDS],
  allowed: [...DISTRIBUTOR_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const retrieveDistributorQueryConfig = {
  defaults: [...DISTRIBUTOR_FIELDS],
  allowed: [...DISTRIBUTOR_FIELDS],
  isList: false,
}

export const DOWNLINE_FIELDS = [...DISTRIBUTOR_FIELDS, "level"] as const

export const listDownlineQueryConfig = {
  defaults: [...DOWNLINE_FIELDS],
  allowed: [...DOWNLINE_FIELDS],
  defaultLimit: 20,
  isList: true,
}

/** Customer fields an admin sees next to a distributor. */
export const CUSTOMER_SUMMARY_FIELDS = ["id", "email", "first_name", "last_name"] as const
