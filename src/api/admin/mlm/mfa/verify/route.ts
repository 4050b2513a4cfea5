import { verifyHandler } from "../handlers"

/** Completes an MFA challenge for this session with a TOTP code or a recovery code. */
export const POST = verifyHandler
