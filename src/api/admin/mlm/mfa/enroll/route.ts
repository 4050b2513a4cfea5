import { enrollHandler } from "../handlers"

/** Starts TOTP enrollment for the signed-in user: the secret and otpauth URI, shown once. */
export const POST = enrollHandler
