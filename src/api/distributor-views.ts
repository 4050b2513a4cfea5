import type { DistributorDTO, DownlineRowDTO } from "../modules/mlm"
import type { CustomerSummary } from "./customer-lookup"

/**
 * What each audience sees of a distributor (OWASP API3: properties are chosen here, never
 * passed through). Admins see the whole record and the customer's contact; a distributor sees
 * its own record and, of its downline, only what identifies a member without contacting them.
 */

export function adminDistributorView(distributor: DistributorDTO, customer?: CustomerSummary) {
  return {
    id: distributor.id,
    customer_id: distributor.customer_id,
    referral_code: distributor.referral_code,
    status: distributor.status,
    sponsor_id: distributor.sponsor_id,
    depth: distributor.depth,
    is_house: distributor.is_house,
    enrolled_at: distributor.enrolled_at,
    created_at: distributor.created_at,
    updated_at: distributor.updated_at,
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.first_name,
          last_name: customer.last_name,
        }
      : null,
  }
}

export function adminDownlineRowView(row: DownlineRowDTO, customer?: CustomerSummary) {
  return { ...adminDistributorView(row, customer), level: row.level }
}

export function storeOwnDistributorView(input: {
  distributor: DistributorDTO
  referralLink: string
  sponsorReferralCode: string | null
  downlineCounts: { level: number; count: number }[]
}) {
  return {
    id: input.distributor.id,
    referral_code: input.distributor.referral_code,
    referral_link: input.referralLink,
    status: input.distributor.status,
    enrolled_at: input.distributor.enrolled_at,
    sponsor_referral_code: input.sponsorReferralCode,
    downline_counts: input.downlineCounts,
  }
}

export function storeDownlineMemberView(row: DownlineRowDTO, firstName: string | null) {
  return {
    id: row.id,
    referral_code: row.referral_code,
    level: row.level,
    status: row.status,
    enrolled_at: row.enrolled_at,
    first_name: firstName,
  }
}
