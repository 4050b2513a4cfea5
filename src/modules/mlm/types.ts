import type { KeyringConfig } from "./security/keyring"
export const DISTRIBUTOR_STATUSES = ["pending", "active", "suspended", "terminated"] as const
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number]

export type DistributorDTO = {
  id: string
  customer_id: string | null
  referral_code: string
  status: DistributorStatus
  sponsor_id: string | null
  depth: number
  is_house: boolean
  enrolled_at: Date
  created_at: Date
  updated_at: Date
}

export type DownlineRowDTO = DistributorDTO & { level: number }

export type EnrollSource = "checkout" | "store_api" | "admin" | "seed"

export type EnrollInput = {
  customer_id: string
  referral_code?: string | null
  sponsor_id?: string | null
  status?: DistributorStatus
  source: EnrollSource
  source_ref?: string | null
  actor_id?: string | null
}

export type ReferralResolution =
  | { ok: true; distributor: DistributorDTO }
  | { ok: false; reason: "unknown" | "suspended" | "terminated" | "pending" }

export type CheckoutEnrollmentInput = {
  order_id: string
  customer_id: string | null
  referral_code: string | null
  opt_in: boolean
}

export type CheckoutOutcome = "enrolled" | "already_distributor" | "attributed" | "skipped"

export type CheckoutEnrollmentResult = {
  outcome: CheckoutOutcome
  reason: string | null
  distributor_id: string | null
}

export type AttributionDTO = {
  customer_id: string
  referrer_id: string
  source: string
  created_at: Date
}

export type SponsorMoveDTO = {
  id: string
  distributor_id: string
  from_sponsor_id: string
  to_sponsor_id: string
  subtree_size: number
  actor_id: string
  reason: string
  created_at: Date
}

export type StatusChangeDTO = {
  id: string
  distributor_id: string
  from_status: DistributorStatus
  to_status: DistributorStatus
  actor_id: string
  reason: string
  created_at: Date
}

export type DownlineOrder = "level" | "enrolled_at" | "referral_code"

export type ListDownlineInput = {
  max_depth: number
  limit: number
  offset: number
  order?: DownlineOrder
  status?: DistributorStatus
}

export type SearchDistributorsInput = {
  q?: string
  status?: DistributorStatus
  sponsor_id?: string
  customer_ids?: string[]
  limit: number
  offset: number
  order: "enrolled_at" | "referral_code" | "created_at" | "depth"
  direction: "asc" | "desc"
}

export type BulkEnrollRow = { customer_id: string | null; sponsor_id: string; referral_code?: string }

export type MlmModuleOptions = {
  house_referral_code?: string
  holding_days?: number
  redis_url?: string
  /** BullMQ key prefix of the commission queue (default "mlm"). */
  queue_prefix?: string
  /** Jobs one worker process takes at once (default 512) and order jobs per batch (default 256). */
  worker_concurrency?: number
  worker_batch_size?: number
  /** Wholesale price as bp of retail, for retail profit on customers' orders (unset: no retail profit). */
  wholesale_bp?: number | null
  /** Personal-data keyring (docs/security.md); default from env MLM_ENCRYPTION_KEYS etc. Required in production. */
  encryption?: KeyringConfig | null
  referral_base_url?: string
  max_downline_depth?: number
  enrollment_status?: DistributorStatus
  /** CV of a variant without its own rule, in bp of its price (default 10000: CV = price). */
  default_cv_bp?: number
}
