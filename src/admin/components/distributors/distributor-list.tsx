import { Container, Heading, Input, Label, Table, Text } from "@medusajs/ui"
import { useEffect, useRef, useState, type ReactNode } from "react"
import { Link } from "react-router-dom"
import { adminLinks } from "../../lib/links"
import { useMlmQuery } from "../../lib/mlm-query"
import type { DistributorList as DistributorListResponse } from "../../lib/mlm-types"
import { NativeSelect } from "../controls/native-select"
import { OffsetPager } from "../controls/pager"
import { useUrlState } from "../controls/url-state"
import { DateText } from "../money-text"
import { EmptyState, QueryState } from "../states"
import { DistributorStatusBadge } from "../status-badges"
import { DistributorPicker } from "./distributor-picker"
import {
  DISTRIBUTOR_ORDERS,
  distributorFiltersFromSearch,
  distributorFiltersToSearch,
  distributorListQuery,
  ORDER_LABELS,
  type DistributorFilters,
  type DistributorOrder,
} from "./distributor-query"
import { distributorName, DISTRIBUTOR_STATUSES } from "./distributor-text"

/**
 * Distributors: search by referral code, email or name, filter by status and sponsor, sorted
 * and paged; the search and filters live in the URL.
 */

const PAGE_SIZE = 20

function Field({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {title}
      </Label>
      {children}
    </div>
  )
}

/** The search box: typed text goes to the URL after a pause, not on every key. */
function SearchBox({ value, onSearch }: { value: string | undefined; onSearch: (q: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "")
  // The latest callback, so a re-render of the page does not restart the pause.
  const search = useRef(onSearch)
  search.current = onSearch
  useEffect(() => setText(value ?? ""), [value])
  useEffect(() => {
    const next = text.trim() || undefined
    if (next === value) return
    const timer = setTimeout(() => search.current(next), 300)
    return () => clearTimeout(timer)
  }, [text, value])
  return (
    <Input
      id="distributor-search"
      size="small"
      type="search"
      maxLength={100}
      placeholder="Referral code, email or name"
      value={text}
      onChange={(event) => setText(event.target.value)}
      data-testid="distributor-search"
    />
  )
}

export function DistributorList() {
  const [filters, update] = useUrlState(distributorFiltersFromSearch, distributorFiltersToSearch)
  const list = useMlmQuery<DistributorListResponse>("/distributors", distributorListQuery(filters, PAGE_SIZE), { placeholderData: (previous) => previous })
  const apply = (change: Partial<DistributorFilters>) => update((current) => ({ ...current, offset: 0, ...change }))
  return (
    <Container className="divide-y p-0" data-testid="distributor-list">
      <div className="flex flex-col px-6 py-4">
        <Heading level="h1">Distributors</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Everyone in the network, with their sponsor and status.
        </Text>
      </div>
      <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="distributor-filters">
        <Field id="distributor-search" title="Search">
          <SearchBox value={filters.q} onSearch={(q) => apply({ q })} />
        </Field>
        <Field id="distributor-filter-status" title="Status">
          <NativeSelect
            id="distributor-filter-status"
            testId="distributor-filter-status"
            value={filters.status ?? ""}
            options={[{ value: "", label: "All statuses" }, ...DISTRIBUTOR_STATUSES.map((status) => ({ value: status, label: status.charAt(0).toUpperCase() + status.slice(1) }))]}
            onChange={(event) => apply({ status: (event.target.value || undefined) as DistributorFilters["status"] })}
          />
        </Field>
        <Field id="distributor-filter-sponsor" title="Sponsor">
          <DistributorPicker label="Sponsor" value={filters.sponsor_id} onChange={(sponsor_id) => apply({ sponsor_id })} testId="distributor-filter-sponsor" />
        </Field>
        <Field id="distributor-sort" title="Sort">
          <NativeSelect
            id="distributor-sort"
            testId="distributor-sort"
            value={filters.order}
            options={DISTRIBUTOR_ORDERS.map((order) => ({ value: order, label: ORDER_LABELS[order] }))}
            onChange={(event) => apply({ order: event.target.value as DistributorOrder })}
          />
        </Field>
      </div>
      <QueryState
        query={list}
        testId="distributor-list"
        isEmpty={(data) => data.distributors.length === 0}
        empty={<EmptyState title="No distributors" description={filters.q || filters.status || filters.sponsor_id ? "Nobody matches this search." : "Nobody has joined yet."} testId="distributor-list-empty" />}
      >
        {(data) => (
          <>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Referral code</Table.HeaderCell>
                  <Table.HeaderCell>Name</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Depth</Table.HeaderCell>
                  <Table.HeaderCell>Sponsor</Table.HeaderCell>
                  <Table.HeaderCell>Enrolled</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.distributors.map((row) => (
                  <Table.Row key={row.id} data-testid="distributor-row" data-distributor-id={row.id}>
                    <Table.Cell>
                      <Link to={adminLinks.mlmDistributor(row.id)} className="text-ui-fg-interactive hover:underline" data-testid="distributor-row-link">
                        {row.referral_code}
                      </Link>
                    </Table.Cell>
                    <Table.Cell>{distributorName(row)}</Table.Cell>
                    <Table.Cell>
                      <DistributorStatusBadge status={row.status} />
                    </Table.Cell>
                    <Table.Cell>{row.depth}</Table.Cell>
                    <Table.Cell>
                      {row.sponsor_id ? (
                        <Link to={adminLinks.mlmDistributor(row.sponsor_id)} className="text-ui-fg-interactive hover:underline">
                          {row.sponsor_id}
                        </Link>
                      ) : (
                        "–"
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      <DateText iso={row.enrolled_at} />
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            <OffsetPager count={data.count} limit={data.limit} offset={data.offset} onOffset={(offset) => update((current) => ({ ...current, offset }))} testId="distributor-pager" />
          </>
        )}
      </QueryState>
    </Container>
  )
}
