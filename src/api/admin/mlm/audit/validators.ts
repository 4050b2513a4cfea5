import { z } from "@medusajs/framework/zod"

/**
 * Requests of the audit trail routes (docs/security.md, "Audit trail"): strict (an unknown
 * parameter is a 400), every page bounded, cursors non-negative safe integers.
 */

export const AUDIT_LIST_LIMIT_MAX = 200
export const AUDIT_EXPORT_LIMIT_MAX = 100_000

// Control characters (NUL above all) would reach PostgreSQL as a 500; nothing legitimate has them.
const CONTROL = /[\u0000-\u001f\u007f]/

const textField = (field: string, max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !CONTROL.test(text), `${field} must not contain control characters`)

const cursorField = () => z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0)

export const AdminAuditListQuery = z
  .object({
    target_type: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "target_type must be a lower_snake_case name").optional(),
    target_id: textField("target_id", 500).optional(),
    event: z.string().regex(/^[a-z][a-z0-9_]{2,63}$/, "event must be a lower_snake_case event name").optional(),
    actor_id: textField("actor_id", 200).optional(),
    after_seq: cursorField(),
    limit: z.coerce.number().int().min(1).max(AUDIT_LIST_LIMIT_MAX).default(50),
  })
  .strict()
export type AdminAuditListQueryType = z.infer<typeof AdminAuditListQuery>

export const AdminAuditExportQuery = z
  .object({
    after_seq: cursorField(),
    limit: z.coerce.number().int().min(1).max(AUDIT_EXPORT_LIMIT_MAX).default(10_000),
  })
  .strict()
export type AdminAuditExportQueryType = z.infer<typeof AdminAuditExportQuery>

/** An anchor (a row's seq and hash kept outside the database) is both parameters or neither. */
export const AdminAuditVerifyQuery = z
  .object({
    anchor_seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    anchor_hash: z.string().regex(/^[0-9a-f]{64}$/, "anchor_hash must be 64 lowercase hex digits").optional(),
  })
  .strict()
  .refine((query) => (query.anchor_seq === undefined) === (query.anchor_hash === undefined), {
    message: "anchor_seq and anchor_hash go together",
  })
export type AdminAuditVerifyQueryType = z.infer<typeof AdminAuditVerifyQuery>

export const auditQueryConfig = { isList: false }
