/**
 * What the distributor back office routes (/store/mlm/*) answer, as a storefront receives it:
 * JSON, so times are ISO 8601 strings; money and volume are integers in minor units, rates
 * integers in basis points. docs/api.md ("Distributor back office") describes each field.
 */

export type MlmDistributorStatus = "pending" | "active" | "suspended" | "terminated"
export type MlmLineStatus = "pending" | "available" | "canceled"
export type MlmBonus =
  | "unilevel"
  | "retail_profit"
  | "fast_start"
  | "binary"
  | "matrix"
  | "matrix_completion"
  | "board_cycle"
  | "board_reentry_fee"
  | "stair_step"
  | "generation"
  | "matching"
  | "pool"
export type MlmPeriodKind = "weekly" | "monthly"

export interface MlmPageQuery {
  limit?: number
  offset?: number
}

// ── Profile, downline, enrollment

export interface MlmOwnDistributor {
  id: string
  referral_code: string
  referral_link: string
  status: MlmDistributorStatus
  enrolled_at: string
  sponsor_referral_code: string | null
  downline_counts: { level: number; count: number }[]
}

export interface MlmMeResponse {
  distributor: MlmOwnDistributor
}

export type MlmEnrollResponse = MlmMeResponse

export interface MlmEnrollBody {
  referral_code: string
}

export interface MlmDownlineQuery extends MlmPageQuery {
  depth?: number
  order?: "level" | "enrolled_at" | "referral_code"
}

export interface MlmDownlineMember {
  id: string
  referral_code: string
  level: number
  status: MlmDistributorStatus
  enrolled_at: string
  first_name: string | null
}

export interface MlmDownlineResponse {
  downline: MlmDownlineMember[]
  count: number
  limit: number
  offset: number
  depth: number
}

// ── Commission lines and balances

export interface MlmCommissionsQuery extends MlmPageQuery {
  status?: MlmLineStatus
}

export interface MlmCommissionLine {
  id: string
  source_kind: "order" | "adjustment" | "period"
  order_id: string | null
  bonus: MlmBonus
  level: number
  amount_minor: number
  currency_code: string
  base_minor: number | null
  rate_bp: number | null
  status: MlmLineStatus
  hold_until: string | null
  created_at: string
}

export interface MlmCommissionsResponse {
  lines: MlmCommissionLine[]
  count: number
  limit: number
  offset: number
}

export interface MlmBalance {
  currency_code: string
  pending_minor: number
  available_minor: number
}

export interface MlmBalancesResponse {
  balances: MlmBalance[]
}

// ── Earnings statement

/** One period (`period_key`), or a range (`from` inclusive, `to` exclusive); neither: this month. */
export type MlmStatementQuery = MlmPageQuery &
  ({ period_key?: string; from?: never; to?: never } | { from: string | Date; to: string | Date; period_key?: never })

export type MlmStatementSource =
  | { kind: "order"; order_id: string }
  | {
      kind: "adjustment"
      order_id: string
      adjustment: { kind: "refund" | "return" | "cancel" | "admin"; net_cv_before: number; net_cv_after: number }
    }
  | { kind: "period"; period_run_id: string; period_key: string }

export interface MlmStatementLine {
  id: string
  bonus: MlmBonus
  level: number
  amount_minor: number
  currency_code: string
  status: MlmLineStatus
  hold_until: string | null
  created_at: string
  /** When the line counts as earned: the order's time, the clawback's posting, the period's last instant. */
  earned_at: string
  /** The order's period (also for its clawbacks) or the run's period. */
  period_key: string | null
  base_minor: number | null
  rate_bp: number | null
  source: MlmStatementSource
  explanation: string
}

export interface MlmStatusTotal {
  amount_minor: number
  lines: number
}

export interface MlmStatementTotals {
  currency_code: string
  /** pending + available (canceled lines are never paid). */
  earned_minor: number
  lines: number
  by_status: Record<MlmLineStatus, MlmStatusTotal>
  by_bonus: { bonus: MlmBonus; earned_minor: number; canceled_minor: number; lines: number }[]
}

export interface MlmStatementResponse {
  period: { period_key: string | null; from: string; to: string }
  totals: MlmStatementTotals[]
  lines: MlmStatementLine[]
  count: number
  limit: number
  offset: number
}

// ── Rank report card and volumes

export interface MlmRankQuery {
  currency_code?: string
  period_key?: string
}

export interface MlmRankProgress {
  name: string
  requirements: { min_pv: number | null; min_gv: number | null; max_leg_share_bp: number | null }
  pv: { required_minor: number; actual_minor: number; missing_minor: number; met: boolean } | null
  gv: {
    required_minor: number
    /** GV as the rank counts it: each leg at most `leg_cap_minor` (+ its fraction), rounded down. */
    counted_minor: number
    leg_cap_minor: number | null
    missing_minor: number
    met: boolean
  } | null
  met: boolean
  is_current: boolean
}

export interface MlmRankCard {
  currency_code: string
  plan_version_id: string
  period_key: string
  current_rank: string | null
  /** The rank a period run would give with this period's volume so far. */
  qualified_rank: string | null
  next_rank: string | null
  volumes: {
    pv_minor: number
    gv_minor: number
    legs_with_volume: number
    largest_leg: { distributor_id: string; referral_code: string; gv_minor: number; share_bp: number | null } | null
  }
  ranks: MlmRankProgress[]
}

export interface MlmRankResponse {
  rank_card: MlmRankCard
}

export interface MlmVolumesQuery {
  /** 1..24, default 6. */
  periods?: number
  currency_code?: string
}

export interface MlmPeriodVolume {
  period_key: string
  starts_at: string
  ends_at: string
  pv_minor: number
  gv_minor: number
}

export interface MlmVolumesResponse {
  currency_code: string
  plan_version_id: string
  period: MlmPeriodKind
  /** Newest first. */
  volumes: MlmPeriodVolume[]
}

// ── MFA (every /store/mlm/me* route needs a completed challenge in this login session)

export interface MlmMfaStatusResponse {
  mfa: {
    factor: "none" | "pending" | "confirmed"
    recovery_codes_left: number
    locked_for_seconds: number | null
    challenge: { completed_at: string; expires_at: string; age_seconds: number } | null
  }
}

export interface MlmMfaEnrollResponse {
  secret: string
  otpauth_uri: string
  confirm_path: string
}

export interface MlmMfaConfirmResponse {
  recovery_codes: string[]
  challenge: { completed_at: string; expires_at: string }
}

export type MlmMfaVerifyBody = { code: string; recovery_code?: never } | { recovery_code: string; code?: never }

export interface MlmMfaVerifyResponse {
  challenge: { method: "totp" | "recovery_code"; completed_at: string; expires_at: string; recovery_codes_left: number }
}
