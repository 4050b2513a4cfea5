import { confirmHandler } from "../../../../../admin/mlm/mfa/handlers"

/** Confirms the customer's TOTP factor with a first code; answers the recovery codes once. */
export const POST = confirmHandler
