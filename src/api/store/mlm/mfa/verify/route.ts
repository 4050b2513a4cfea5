import { verifyHandler } from "../../../../admin/mlm/mfa/handlers"

/** Completes an MFA challenge for this session with a TOTP code or a recovery code. */
export const POST = verifyHandler
