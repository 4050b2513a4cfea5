import { Badge, Table, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { QueryState, Section } from "../states"
import { adoptionText, percentOf } from "./adoption"
import type { SecuritySummary } from "./security-types"

/**
 * MFA adoption (GET /admin/mlm/security/summary): how many MLM role holders have a confirmed
 * factor (without one they cannot open the MLM area), per role, who is still missing one, and
 * how many distributors protect their back office with one.
 */
export function AdoptionCard({ summary }: { summary: UseQueryResult<SecuritySummary, Error> }) {
  return (
    <Section title="MFA adoption" testId="security-mfa-adoption">
      <QueryState query={summary} testId="security-mfa-adoption">
        {(data) => (
          <div className="flex flex-col divide-y">
            <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-2">
              <Figure
                label="MLM role holders with a confirmed factor"
                value={adoptionText(data.admin_users.confirmed, data.admin_users.holders)}
                percent={percentOf(data.admin_users.confirmed, data.admin_users.holders)}
                testId="security-adoption-admins"
              />
              <Figure
                label="Distributors with a confirmed factor"
                value={adoptionText(data.distributors.confirmed, data.distributors.with_account)}
                percent={percentOf(data.distributors.confirmed, data.distributors.with_account)}
                testId="security-adoption-distributors"
              />
            </div>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Role</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Holders</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Confirmed</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Enrolled, not confirmed</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">No factor</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.admin_users.by_role.map((row) => (
                  <Table.Row key={row.role} data-testid="security-adoption-role" data-role={row.role} data-holders={row.holders} data-confirmed={row.confirmed}>
                    <Table.Cell>{row.role}</Table.Cell>
                    <Table.Cell className="text-right">{row.holders}</Table.Cell>
                    <Table.Cell className="text-right">{row.confirmed}</Table.Cell>
                    <Table.Cell className="text-right">{row.pending}</Table.Cell>
                    <Table.Cell className="text-right">{row.none}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            {data.admin_users.unconfirmed.length > 0 ? (
              <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="security-unconfirmed">
                <Text size="small" weight="plus">
                  Holders who cannot open the MLM area yet
                </Text>
                <ul className="flex flex-col gap-y-1">
                  {data.admin_users.unconfirmed.map((holder) => (
                    <li key={holder.user_id} className="flex items-center gap-x-2" data-testid="security-unconfirmed-holder" data-user-id={holder.user_id}>
                      <Text size="small">{holder.user_id}</Text>
                      <Badge size="2xsmall">{holder.role}</Badge>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {holder.factor === "pending" ? "enrolled, not confirmed" : "no factor"}
                      </Text>
                    </li>
                  ))}
                </ul>
                {data.admin_users.unconfirmed_truncated ? (
                  <Text size="xsmall" className="text-ui-fg-muted">
                    Only the first {data.admin_users.unconfirmed.length} are listed.
                  </Text>
                ) : null}
              </div>
            ) : null}
          </div>
        )}
      </QueryState>
    </Section>
  )
}

function Figure({ label, value, percent, testId }: { label: string; value: string; percent: number | null; testId: string }) {
  return (
    <div className="flex flex-col gap-y-1" data-testid={testId} data-percent={percent ?? ""}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="large" weight="plus">
        {value}
      </Text>
      {percent !== null ? (
        <div className="bg-ui-bg-subtle h-1.5 w-full overflow-hidden rounded-full" aria-hidden>
          <div className="bg-ui-fg-interactive h-full" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  )
}
