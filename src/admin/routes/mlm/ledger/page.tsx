import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { OffsetPager } from "../../../components/controls/pager"
import { useUrlState } from "../../../components/controls/url-state"
import { LedgerExportButton } from "../../../components/ledger/ledger-export"
import { LedgerFilterBar } from "../../../components/ledger/ledger-filter-bar"
import { filtersFromSearch, filtersToSearch, ledgerListQuery } from "../../../components/ledger/ledger-filters"
import { LedgerTable } from "../../../components/ledger/ledger-table"
import { MfaGate } from "../../../components/mfa-gate"
import { Can } from "../../../components/role-aware"
import { EmptyState, QueryState } from "../../../components/states"
import { useMlmQuery } from "../../../lib/mlm-query"
import type { LedgerLine, Page } from "../../../lib/mlm-types"

/**
 * MLM → Ledger: commission lines filtered by status, bonus, commission period, posting days,
 * distributor and order, paged; CSV export of the same filters. Money: roles with money.read.
 */

const PAGE_SIZE = 50

function LedgerContent() {
  const [filters, update] = useUrlState(filtersFromSearch, filtersToSearch)
  const query = ledgerListQuery(filters, PAGE_SIZE)
  const lines = useMlmQuery<Page & { lines: LedgerLine[] }>(query ? "/ledger" : null, query ?? undefined, { placeholderData: (previous) => previous })
  return (
    <Container className="divide-y p-0" data-testid="ledger-page-content">
      <div className="flex flex-wrap items-start justify-between gap-4 px-6 py-4">
        <div className="flex flex-col">
          <Heading level="h1">Ledger</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Every commission line, newest first. Lines are never edited: a correction is a new line.
          </Text>
        </div>
        <LedgerExportButton filters={filters} />
      </div>
      <LedgerFilterBar filters={filters} onChange={update} />
      {query === null ? null : (
        <QueryState
          query={lines}
          testId="ledger-lines"
          isEmpty={(data) => data.lines.length === 0}
          empty={<EmptyState title="No lines" description="No commission line matches these filters." testId="ledger-empty" />}
        >
          {(data) => (
            <>
              <LedgerTable lines={data.lines} />
              <OffsetPager count={data.count} limit={data.limit} offset={data.offset} onOffset={(offset) => update((current) => ({ ...current, offset }))} testId="ledger-pager" />
            </>
          )}
        </QueryState>
      )}
    </Container>
  )
}

function LedgerPage() {
  return (
    <div data-testid="ledger-page">
      <MfaGate framed>
        <Can
          permission="money.read"
          fallback={
            <Container className="p-0">
              <EmptyState title="The ledger is hidden" description="Your MLM role does not include money (finance and admin roles do)." testId="ledger-no-permission" />
            </Container>
          }
        >
          <LedgerContent />
        </Can>
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Ledger", rank: 40 })

export default LedgerPage
