import { z } from "@medusajs/framework/zod"
import { normaliseRecoveryCode } from "../../../../modules/mlm/security/recovery-codes"

/**
 * MFA requests, shared by /admin/mlm/mfa and /store/mlm/mfa. Strict: a malformed code is a 400
 * naming the problem before any secret is read (otplib would throw on it: a 500).
 */

const codeField = () => z.string().regex(/^[0-9]{6}$/, "code must be the 6 digits your authenticator app shows")

const recoveryCodeField = () =>
  z
    .string()
    .max(32, "recovery_code must be one of your recovery codes (16 letters and digits, dashes optional)")
    .refine((value) => normaliseRecoveryCode(value) !== null, {
      message: "recovery_code must be one of your recovery codes (16 letters and digits, dashes optional)",
    })

export const MfaNoQuery = z.object({}).strict()
export const MfaEnrollBody = z.object({}).strict()
export const MfaConfirmBody = z.object({ code: codeField() }).strict()
export type MfaConfirmBodyType = z.infer<typeof MfaConfirmBody>

export const MfaVerifyBody = z
  .object({ code: codeField().optional(), recovery_code: recoveryCodeField().optional() })
  .strict()
  .refine((body) => (body.code === undefined) !== (body.recovery_code === undefined), {
    message: "Send exactly one of code or recovery_code",
  })
export type MfaVerifyBodyType = z.infer<typeof MfaVerifyBody>
