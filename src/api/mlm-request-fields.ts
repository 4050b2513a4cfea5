import { z } from "@medusajs/framework/zod"

/**
 * Field schemas shared by every mlm request validator. Each field names itself in its messages
 * because Medusa reports format errors with the bare issue message (no path).
 */

export const DISTRIBUTOR_STATUSES = ["pending", "active", "suspended", "terminated"] as const

export const PAGE_LIMIT_MAX = 100
export const PAGE_LIMIT_DEFAULT = 20
// Hard ceiling for any depth parameter; the module option `max_downline_depth` narrows it per
// store (checked in the route, where the option is known).
export const DEPTH_CEILING = 100

const ID_PATTERN = /^[A-Za-z0-9_-]+$/
const REFERRAL_CODE_PATTERN = /^[A-Za-z0-9_-]+$/
const NUL = "\u0000"

/** Medusa-style ids (`cus_01H...`, `mlmdist_...`): bounded, no NUL, no punctuation. */
export const idField = (field: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(ID_PATTERN, `${field} must contain only letters, digits, '_' and '-'`)

export const referralCodeField = (field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(REFERRAL_CODE_PATTERN, `${field} must contain only letters, digits, '_' and '-'`)

/** Free text an operator types (why a move or status change happened). */
export const reasonField = (field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(500)
    .refine((text) => !text.includes(NUL), `${field} must not contain NUL bytes`)

export const searchTextField = (field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((text) => !text.includes(NUL), `${field} must not contain NUL bytes`)

export const statusField = () => z.enum(DISTRIBUTOR_STATUSES)

// Query strings arrive as text; coerce, then bound.
export const limitField = () =>
  z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT)

export const offsetField = () => z.coerce.number().int().min(0).max(1_000_000).default(0)

export const depthField = () => z.coerce.number().int().min(1).max(DEPTH_CEILING)
