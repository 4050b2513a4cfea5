/**
 * Response shapes of the /admin/mlm routes the admin UI reads, as the route handlers build them
 * (src/api/admin/mlm/**, docs/api.md). Dates arrive as ISO strings; amounts as integer minor units.
 * Add a route's shape here when a page starts using it.
 */
import type { MlmRole, Permission } from "../../api/security/permissions"

export type { MlmRole, Permission }

export type Page = { count: number; limit: number; offset: number }

export type DistributorStatus = "pending" | "active" | "suspended" | "terminated"

export type CustomerSummary = { id: string; email: string | null; first_name: string | null; last_name: string | null }

export type Distributor = {
  id: string
  customer_id: string | null
  referral_code: string
  status: DistributorStatus
  sponsor_id: string | null
  depth: number
  is_house: boolean
  enrolled_at: string
  created_at: string
  updated_at: string
  customer: CustomerSummary | null
}

export type DistributorList = Page & { distributors: Distributor[] }

export type UplineMember = { id: string; referral_code: string; status: DistributorStatus; depth: number; is_house: boolean }

export type DistributorDetail = {
  distributor: Distributor & {
    /** The rank the last closed period gave it (plan rank name), null before any. */
    rank: string | null
    referral_link: string
    upline: UplineMember[]
    downline_counts: { level: number; count: number }[]
    downline_max_depth: number
  }
}

export type Balances = {
  distributor_id: string
  balances: { currency_code: string; pending_minor: number; available_minor: number }[]
}

export type LedgerLineStatus = "pending" | "available" | "canceled"

export type LedgerLine = {
  id: string
  distributor_id: string | null
  source_kind: "order" | "adjustment" | "period"
  source_id: string
  order_id: string | null
  bonus: string
  level: number
  amount_minor: number
  currency_code: string
  base_minor: number | null
  rate_bp: number | null
  plan_version_id: string
  status: LedgerLineStatus
  hold_until: string | null
  created_at: string
}

export type CommissionRecord = {
  order_id: string
  plan_version_id: string | null
  currency_code: string
  customer_id: string | null
  owner_distributor_id: string | null
  buyer_kind: "distributor" | "customer" | "none"
  cv_minor: number
  net_cv_minor: number
  total_minor: number
  retail_minor: number | null
  wholesale_minor: number | null
  refunded_minor: number
  returned_cv_minor: number
  terms: { distributor_id: string | null; bonus: string; level: number; rate_bp: number | null; full_minor: number | null }[]
  period_key: string
  placed_at: string
  hold_until: string
  status: "open" | "canceled"
  created_at: string
  updated_at: string
}

export type CommissionAdjustment = {
  id: string
  adjustment_key: string
  order_id: string
  kind: "refund" | "return" | "cancel" | "admin"
  cv_minor: number
  net_cv_before: number
  net_cv_after: number
  actor_id: string | null
  reason: string | null
  created_at: string
}

export type OutboxJob = {
  job_key: string
  job_name: string
  status: "pending" | "queued" | "done" | "failed"
  attempts: number
  last_error: string | null
  created_at: string
  queued_at: string | null
  done_at: string | null
}

/** GET /admin/mlm/commissions/:order_id (`record` null while the order's job has not run yet). */
export type OrderCommission = {
  record: CommissionRecord | null
  adjustments: CommissionAdjustment[]
  lines: LedgerLine[]
  job: OutboxJob | null
}

export type JobsStatus = {
  queue_configured: boolean
  worker_running: boolean
  queue: { waiting: number; active: number; delayed: number; failed: number } | null
  outbox: Partial<Record<"pending" | "queued" | "done" | "failed", number>>
}

export type FailedJob = { id: string; name: string; failed_reason: string | null; attempts_made: number; failed_at: string | null; order_id: string | null }

export type FailedJobList = Page & { jobs: FailedJob[] }

export type PeriodRunStatus = "queued" | "running" | "computed" | "failed" | "closed"

export type PeriodRun = {
  id: string
  period_key: string
  currency_code: string
  plan_version_id: string
  status: PeriodRunStatus
  phase: "load" | "compute" | "write" | "done" | null
  progress: number
  runs: number
  error: string | null
  summary: Record<string, unknown> | null
  started_at: string | null
  finished_at: string | null
  closed_at: string | null
  closed_by: string | null
  created_at: string
}

export type PeriodRunList = Page & { period_runs: PeriodRun[] }

export type MfaChallenge = { completed_at: string; expires_at: string; age_seconds: number }

export type MfaStatus = {
  mfa: {
    factor: "none" | "pending" | "confirmed"
    recovery_codes_left: number
    /** Seconds until new codes are accepted again; null when not locked; -1 until an administrator's reset. */
    locked_for_seconds: number | null
    challenge: MfaChallenge | null
  }
}

export type MfaEnrollment = { secret: string; otpauth_uri: string; confirm_path: string }

export type MfaConfirmation = { recovery_codes: string[]; challenge: { completed_at: string; expires_at: string } }

export type MfaVerification = {
  challenge: { method: "totp" | "recovery_code"; completed_at: string; expires_at: string; recovery_codes_left: number }
}

/** GET /admin/mlm/me: the caller, its MLM role and what the role grants. */
export type Me = {
  user_id: string
  role: MlmRole
  permissions: Permission[]
  mfa: MfaStatus["mfa"]
}

export type Overview = {
  period: { key: string; start: string; end: string }
  network: { distributors: number; by_status: Partial<Record<DistributorStatus, number>>; new_in_period: number }
  /** Absent for roles without money.read. */
  money?: {
    volume: { currency_code: string; orders: number; cv_minor: number; net_cv_minor: number }[]
    commissions: { currency_code: string; status: LedgerLineStatus; lines: number; amount_minor: number }[]
  }
}
