/** What an admin sees of a role grant: the user, its email (from the user module), the role and who granted it when. */
export const ROLE_FIELDS = ["user_id", "email", "role", "granted_by", "granted_at"] as const

export const listRolesQueryConfig = {
  defaults: [...ROLE_FIELDS],
  allowed: [...ROLE_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const roleQueryConfig = { defaults: [...ROLE_FIELDS], allowed: [...ROLE_FIELDS], isList: false }
