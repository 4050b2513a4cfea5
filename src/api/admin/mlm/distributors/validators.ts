import { z } from "@medusajs/framework/zod"
import {
  depthField,
  idField,
  limitField,
  offsetField,
  reasonField,
  referralCodeField,
  searchTextField,
  statusField,
} from "../../../mlm-request-fields"

/** Sort keys the admin list accepts; `-` prefix = descending. Anything else is a 400. */
export const DISTRIBUTOR_LIST_ORDERS = [
  "enrolled_at",
  "-enrolled_at",
  "referral_code",
  "-referral_code",
  "created_at",
  "-created_at",
  "depth",
  "-depth",
] as const

export const AdminDistributorParams = z.object({ id: idField("id") }).strict()

export const AdminListDistributorsQuery = z
  .object({
    q: searchTextField("q").optional(),
    status: statusField().optional(),
    sponsor_id: idField("sponsor_id").optional(),
    // The distributor of one customer (the admin's customer page); q searches, this selects.
    customer_id: idField("customer_id").optional(),
    limit: limitField(),
    offset: offsetField(),
    order: z.enum(DISTRIBUTOR_LIST_ORDERS).default("-enrolled_at"),
  })
  .strict()
  .refine((query) => !(query.q && query.customer_id), { message: "Give either q or customer_id, not both" })
export type AdminListDistributorsQueryType = z.infer<typeof AdminListDistributorsQuery>

export const AdminCreateDistributor = z
  .object({
    customer_id: idField("customer_id"),
    sponsor_id: idField("sponsor_id").optional(),
    sponsor_referral_code: referralCodeField("sponsor_referral_code").optional(),
    // Terminated is final, so a distributor cannot be born terminated.
    status: z.enum(["pending", "active", "suspended"]).optional(),
  })
  .strict()
  .refine((body) => !(body.sponsor_id && body.sponsor_referral_code), {
    message: "Give either sponsor_id or sponsor_referral_code, not both",
  })
export type AdminCreateDistributorType = z.infer<typeof AdminCreateDistributor>

export const AdminDistributorDetailQuery = z
  .object({ depth: depthField().optional() })
  .strict()
export type AdminDistributorDetailQueryType = z.infer<typeof AdminDistributorDetailQuery>

export const DOWNLINE_ORDERS = ["level", "enrolled_at", "referral_code"] as const

export const AdminDownlineQuery = z
  .object({
    depth: depthField().optional(),
    status: statusField().optional(),
    limit: limitField(),
    offset: offsetField(),
    order: z.enum(DOWNLINE_ORDERS).default("level"),
  })
  .strict()
export type AdminDownlineQueryType = z.infer<typeof AdminDownlineQuery>

export const AdminSetDistributorStatus = z
  .object({ status: statusField(), reason: reasonField("reason") })
  .strict()
export type AdminSetDistributorStatusType = z.infer<typeof AdminSetDistributorStatus>

export const AdminMoveDistributor = z
  .object({ sponsor_id: idField("sponsor_id"), reason: reasonField("reason") })
  .strict()
export type AdminMoveDistributorType = z.infer<typeof AdminMoveDistributor>

export const AdminDistributorHistoryQuery = z.object({}).strict()
