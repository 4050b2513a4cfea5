import { Badge, Copy, Table, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import { adminLinks } from "../lib/links"
import { mlmPath } from "../lib/mlm-http"
import { useMlmQuery } from "../lib/mlm-query"
import type { DistributorDetail, UplineMember } from "../lib/mlm-types"
import { BalancesTable } from "./balances-table"
import { DateText } from "./money-text"
import { Can } from "./role-aware"
import { QueryState } from "./states"
import { DistributorStatusBadge } from "./status-badges"

/**
 * One distributor at a glance (customer page widget): status, rank, sponsor, referral code and
 * link, downline per level, and (for roles with money.read) earnings per currency and status.
 */
export function DistributorCard({ distributorId }: { distributorId: string }) {
  const detail = useMlmQuery<DistributorDetail>(mlmPath`/distributors/${distributorId}`)
  return (
    <QueryState query={detail} testId="mlm-distributor">
      {({ distributor }) => (
        <div className="flex flex-col divide-y" data-testid="mlm-distributor-card" data-distributor-id={distributor.id}>
          <dl className="grid grid-cols-[minmax(120px,auto)_1fr] gap-x-4 gap-y-3 px-6 py-4">
            <Field label="Status">
              <DistributorStatusBadge status={distributor.status} testId="mlm-distributor-status" />
            </Field>
            <Field label="Rank">
              <Text size="small" data-testid="mlm-distributor-rank">
                {distributor.rank ?? "No rank yet"}
              </Text>
            </Field>
            <Field label="Sponsor">
              <SponsorLink sponsor={distributor.upline[distributor.upline.length - 1]} />
            </Field>
            <Field label="Referral code">
              <span className="flex items-center gap-x-1">
                <Badge size="2xsmall" className="font-mono" data-testid="mlm-distributor-referral-code">
                  {distributor.referral_code}
                </Badge>
                <Copy content={distributor.referral_code} />
              </span>
            </Field>
            <Field label="Referral link">
              <span className="flex items-center gap-x-1 break-all">
                <Text size="small" data-testid="mlm-distributor-referral-link">
                  {distributor.referral_link}
                </Text>
                <Copy content={distributor.referral_link} />
              </span>
            </Field>
            <Field label="Enrolled">
              <Text size="small">
                <DateText iso={distributor.enrolled_at} testId="mlm-distributor-enrolled-at" />
              </Text>
            </Field>
          </dl>
          <DownlineCounts counts={distributor.downline_counts} maxDepth={distributor.downline_max_depth} />
          <Can permission="money.read">
            <Earnings distributorId={distributor.id} />
          </Can>
          <div className="px-6 py-3">
            <Link to={adminLinks.mlmDistributor(distributor.id)} className="text-ui-fg-interactive txt-compact-small" data-testid="mlm-distributor-open">
              Open in MLM
            </Link>
          </div>
        </div>
      )}
    </QueryState>
  )
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>
        <Text size="small" className="text-ui-fg-subtle">
          {label}
        </Text>
      </dt>
      <dd className="min-w-0">{children}</dd>
    </>
  )
}

/** The sponsor's own customer page; the house is the company and has none. */
function SponsorLink({ sponsor }: { sponsor: UplineMember | undefined }) {
  // depth=1: the sponsor's record is all that is needed, not its whole downline's counts.
  const detail = useMlmQuery<DistributorDetail>(sponsor && !sponsor.is_house ? mlmPath`/distributors/${sponsor.id}` : null, { depth: 1 })
  if (!sponsor) return <Text size="small" data-testid="mlm-distributor-sponsor">None (the house)</Text>
  if (sponsor.is_house) return <Text size="small" data-testid="mlm-distributor-sponsor">The house ({sponsor.referral_code})</Text>
  const customer = detail.data?.distributor.customer
  const name = customer ? [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.email : null
  const label = `${name ?? sponsor.referral_code}${name ? ` (${sponsor.referral_code})` : ""}`
  if (!customer) return <Text size="small" data-testid="mlm-distributor-sponsor">{label}</Text>
  return (
    <Link to={adminLinks.customer(customer.id)} className="text-ui-fg-interactive txt-compact-small" data-testid="mlm-distributor-sponsor">
      {label}
    </Link>
  )
}

function DownlineCounts({ counts, maxDepth }: { counts: { level: number; count: number }[]; maxDepth: number }) {
  const total = counts.reduce((sum, row) => sum + row.count, 0)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="mlm-downline-counts">
      <Text size="small" weight="plus">
        Downline: <span data-testid="mlm-downline-total">{total}</span> in {maxDepth} levels
      </Text>
      {counts.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="mlm-downline-empty">
          Nobody below this distributor yet.
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Level</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Distributors</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {counts.map((row) => (
              <Table.Row key={row.level} data-testid="mlm-downline-level">
                <Table.Cell>{row.level}</Table.Cell>
                <Table.Cell className="text-right">{row.count}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}

function Earnings({ distributorId }: { distributorId: string }) {
  return (
    <div className="flex flex-col gap-y-2 py-4" data-testid="mlm-balances">
      <Text size="small" weight="plus" className="px-6">
        Earnings
      </Text>
      <BalancesTable distributorId={distributorId} testId="mlm-balance" emptyTitle="No commissions yet" />
    </div>
  )
}
