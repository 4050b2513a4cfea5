import { Badge, Container, Copy, Heading, Table, Text } from "@medusajs/ui"
import { Fragment, type ReactNode } from "react"
import { Link } from "react-router-dom"
import { adminLinks } from "../../lib/links"
import type { DistributorDetail as DistributorDetailResponse } from "../../lib/mlm-types"
import { DateText } from "../money-text"
import { Can } from "../role-aware"
import { Section } from "../states"
import { DistributorStatusBadge } from "../status-badges"
import { BalancesPanel } from "./balances-panel"
import { DistributorActions } from "./distributor-actions"
import { distributorName } from "./distributor-text"
import { DownlinePanel } from "./downline-panel"
import { HistoryPanel } from "./history-panel"

/**
 * One distributor: who it is, its path up to the house (each a link), its downline per level and
 * level by level, what it earned (money.read), its history, and the actions a role may take.
 */

type Detail = DistributorDetailResponse["distributor"]

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col" data-testid={testId}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small">{children}</Text>
    </div>
  )
}

export function DistributorDetailView({ distributor }: { distributor: Detail }) {
  return (
    <div className="flex flex-col gap-y-3" data-testid="distributor-detail" data-distributor-id={distributor.id}>
      <Header distributor={distributor} />
      <UplinePath distributor={distributor} />
      <Can permission="money.read">
        <BalancesPanel distributorId={distributor.id} />
      </Can>
      <LevelCounts distributor={distributor} />
      <DownlinePanel distributorId={distributor.id} maxDepth={distributor.downline_max_depth} counts={distributor.downline_counts} />
      <Can permission="distributors.write">
        <DistributorActions distributor={distributor} />
      </Can>
      <HistoryPanel distributorId={distributor.id} />
    </div>
  )
}

function Header({ distributor }: { distributor: Detail }) {
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <div className="flex flex-wrap items-center gap-2">
        <Heading level="h1" data-testid="distributor-referral-code">
          {distributor.referral_code}
        </Heading>
        <DistributorStatusBadge status={distributor.status} testId="distributor-status" />
        {distributor.is_house ? <Badge size="2xsmall">House</Badge> : null}
      </div>
      <Text size="small" className="text-ui-fg-subtle" data-testid="distributor-name">
        {distributorName(distributor)}
      </Text>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Fact label="Rank" testId="distributor-rank">
          {distributor.rank ?? "None yet"}
        </Fact>
        <Fact label="Depth below the house">{distributor.depth}</Fact>
        <Fact label="Enrolled">
          <DateText iso={distributor.enrolled_at} />
        </Fact>
        <Fact label="Customer">
          {distributor.customer_id ? (
            <Link to={adminLinks.customer(distributor.customer_id)} className="text-ui-fg-interactive hover:underline" data-testid="distributor-customer-link">
              {distributor.customer?.email ?? distributor.customer_id}
            </Link>
          ) : (
            "–"
          )}
        </Fact>
      </div>
      <div className="flex flex-wrap items-center gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle">
          Referral link
        </Text>
        <Text size="small" className="break-all" data-testid="distributor-referral-link">
          {distributor.referral_link}
        </Text>
        <Copy content={distributor.referral_link} />
        <Can permission="money.read">
          <Link to={adminLinks.mlmLedger({ distributor_id: distributor.id })} className="text-ui-fg-interactive txt-compact-small ml-auto hover:underline" data-testid="distributor-ledger-link">
            Ledger lines
          </Link>
        </Can>
      </div>
    </Container>
  )
}

function UplinePath({ distributor }: { distributor: Detail }) {
  return (
    <Section title="Upline" testId="distributor-upline">
      <div className="flex flex-wrap items-center gap-x-1 gap-y-2 px-6 py-4">
        {distributor.upline.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle" data-testid="distributor-upline-empty">
            {distributor.is_house ? "The house is the root: it has no upline." : "No upline."}
          </Text>
        ) : (
          distributor.upline.map((member) => (
            <Fragment key={member.id}>
              <Link to={adminLinks.mlmDistributor(member.id)} className="text-ui-fg-interactive txt-compact-small hover:underline" data-testid="distributor-upline-link" data-distributor-id={member.id}>
                {member.is_house ? `House (${member.referral_code})` : member.referral_code}
              </Link>
              <Text size="small" className="text-ui-fg-muted" aria-hidden>
                ›
              </Text>
            </Fragment>
          ))
        )}
        {distributor.upline.length > 0 ? (
          <Text size="small" weight="plus">
            {distributor.referral_code}
          </Text>
        ) : null}
      </div>
    </Section>
  )
}

function LevelCounts({ distributor }: { distributor: Detail }) {
  const counts = distributor.downline_counts.filter((row) => row.count > 0)
  const total = counts.reduce((sum, row) => sum + row.count, 0)
  return (
    <Section title="Downline by level" testId="distributor-level-counts">
      {counts.length === 0 ? (
        <Text size="small" className="px-6 py-4 text-ui-fg-subtle" data-testid="distributor-level-counts-empty">
          Nobody below yet.
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Level</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Members</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {counts.map((row) => (
              <Table.Row key={row.level} data-testid="distributor-level-count" data-level={row.level} data-count={row.count}>
                <Table.Cell>{row.level}</Table.Cell>
                <Table.Cell className="text-right">{row.count}</Table.Cell>
              </Table.Row>
            ))}
            <Table.Row data-testid="distributor-level-total" data-count={total}>
              <Table.Cell className="font-medium">Within {distributor.downline_max_depth} levels</Table.Cell>
              <Table.Cell className="text-right font-medium">{total}</Table.Cell>
            </Table.Row>
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}
