/**
 * What a distributor may see of itself and of its downline (OWASP API3, property-level access):
 * no emails, no customer ids, no last names of downline members.
 */
export const STORE_ME_FIELDS = [
  "id",
  "referral_code",
  "referral_link",
  "status",
  "enrolled_at",
  "sponsor_referral_code",
  "downline_counts",
] as const

export const STORE_DOWNLINE_FIELDS = [
  "id",
  "referral_code",
  "level",
  "status",
  "enrolled_at",
  "first_name",
] as const

export const storeMeQueryConfig = {
  defaults: [...STORE_ME_FIELDS],
  allowed: [...STORE_ME_FIELDS],
  isList: false,
}

export const storeDownlineQueryConfig = {
  defaults: [...STORE_DOWNLINE_FIELDS],
  allowed: [...STORE_DOWNLINE_FIELDS],
  defaultLimit: 20,
  isList: true,
}
