import { Label, Table } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { adminLinks } from "../../lib/links"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor, DistributorStatus, Page } from "../../lib/mlm-types"
import { NativeSelect } from "../controls/native-select"
import { OffsetPager } from "../controls/pager"
import { DateText } from "../money-text"
import { EmptyState, QueryState, Section } from "../states"
import { DistributorStatusBadge } from "../status-badges"
import { downlineQuery, initialDownlineView, membersWithin, type DownlineOrder, type DownlineView } from "./distributor-query"
import { distributorName, DISTRIBUTOR_STATUSES } from "./distributor-text"

/**
 * The downline level by level (GET /admin/mlm/distributors/:id/downline): limited to a depth the
 * admin picks (up to the store's bound), ordered by level by default, paged on the server, so a
 * large network loads one page at a time.
 */

type DownlineRow = Distributor & { level: number }
type DownlineResponse = Page & { downline: DownlineRow[]; depth: number }

const PAGE_SIZE = 25

export function DownlinePanel({ distributorId, maxDepth, counts }: { distributorId: string; maxDepth: number; counts: { level: number; count: number }[] }) {
  const [view, setView] = useState<DownlineView>(() => initialDownlineView(maxDepth))
  const downline = useMlmQuery<DownlineResponse>(mlmPath`/distributors/${distributorId}/downline`, downlineQuery(view, maxDepth, PAGE_SIZE), {
    placeholderData: (previous) => previous,
  })
  const change = (next: Partial<DownlineView>) => setView({ ...view, offset: 0, ...next })
  return (
    <Section title="Downline" testId="distributor-downline">
      <div className="flex flex-wrap items-end gap-3 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="distributor-downline-depth" size="xsmall" weight="plus">
            Levels
          </Label>
          <NativeSelect
            id="distributor-downline-depth"
            testId="distributor-downline-depth"
            value={String(view.depth)}
            options={Array.from({ length: maxDepth }, (_, index) => ({
              value: String(index + 1),
              label: `${index + 1} (${membersWithin(counts, index + 1)} members)`,
            }))}
            onChange={(event) => change({ depth: Number(event.target.value) })}
          />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="distributor-downline-status" size="xsmall" weight="plus">
            Status
          </Label>
          <NativeSelect
            id="distributor-downline-status"
            testId="distributor-downline-status"
            value={view.status ?? ""}
            options={[{ value: "", label: "All statuses" }, ...DISTRIBUTOR_STATUSES.map((status) => ({ value: status, label: status }))]}
            onChange={(event) => change({ status: (event.target.value || undefined) as DistributorStatus | undefined })}
          />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="distributor-downline-order" size="xsmall" weight="plus">
            Order
          </Label>
          <NativeSelect
            id="distributor-downline-order"
            testId="distributor-downline-order"
            value={view.order}
            options={[
              { value: "level", label: "By level" },
              { value: "enrolled_at", label: "By enrollment" },
              { value: "referral_code", label: "By referral code" },
            ]}
            onChange={(event) => change({ order: event.target.value as DownlineOrder })}
          />
        </div>
      </div>
      <QueryState
        query={downline}
        testId="distributor-downline"
        isEmpty={(data) => data.downline.length === 0}
        empty={<EmptyState title="Nobody here" description={`No ${view.status ? `${view.status} ` : ""}member within ${view.depth} ${view.depth === 1 ? "level" : "levels"}.`} testId="distributor-downline-empty" />}
      >
        {(data) => (
          <>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Level</Table.HeaderCell>
                  <Table.HeaderCell>Referral code</Table.HeaderCell>
                  <Table.HeaderCell>Name</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Enrolled</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.downline.map((row) => (
                  <Table.Row key={row.id} data-testid="distributor-downline-row" data-distributor-id={row.id} data-level={row.level}>
                    <Table.Cell>{row.level}</Table.Cell>
                    <Table.Cell>
                      <Link to={adminLinks.mlmDistributor(row.id)} className="text-ui-fg-interactive hover:underline">
                        {row.referral_code}
                      </Link>
                    </Table.Cell>
                    <Table.Cell>{distributorName(row)}</Table.Cell>
                    <Table.Cell>
                      <DistributorStatusBadge status={row.status} />
                    </Table.Cell>
                    <Table.Cell>
                      <DateText iso={row.enrolled_at} />
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            <OffsetPager count={data.count} limit={data.limit} offset={data.offset} onOffset={(offset) => setView({ ...view, offset })} testId="distributor-downline-pager" />
          </>
        )}
      </QueryState>
    </Section>
  )
}
