import { enrollHandler } from "../../../../admin/mlm/mfa/handlers"

/** Starts TOTP enrollment for the signed-in customer: the secret and otpauth URI, shown once. */
export const POST = enrollHandler
