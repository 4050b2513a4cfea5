import { Table } from "@medusajs/ui"
import { mlmPath } from "../lib/mlm-http"
import { useMlmQuery } from "../lib/mlm-query"
import type { Balances } from "../lib/mlm-types"
import { MoneyText } from "./money-text"
import { EmptyState, LoadingState, QueryState } from "./states"

/**
 * What a distributor has earned per currency: held (pending) and payable (available), from
 * GET /admin/mlm/distributors/:id/balances. Shown on the customer page's card and on the
 * distributor page; `testId` names the place (`<testId>-row`, `-pending`, `-available`, `-empty`).
 */
export function BalancesTable({ distributorId, testId, emptyTitle }: { distributorId: string; testId: string; emptyTitle: string }) {
  const balances = useMlmQuery<Balances>(mlmPath`/distributors/${distributorId}/balances`)
  return (
    <QueryState
      query={balances}
      testId={testId}
      loading={<LoadingState rows={1} testId={`${testId}-loading`} />}
      isEmpty={(data) => data.balances.length === 0}
      empty={<EmptyState title={emptyTitle} testId={`${testId}-empty`} />}
    >
      {(data) => (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Pending (held)</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Available</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.balances.map((row) => (
              <Table.Row key={row.currency_code} data-testid={`${testId}-row`} data-currency={row.currency_code}>
                <Table.Cell>{row.currency_code.toUpperCase()}</Table.Cell>
                <Table.Cell className="text-right">
                  <MoneyText amountMinor={row.pending_minor} currency={row.currency_code} testId={`${testId}-pending`} />
                </Table.Cell>
                <Table.Cell className="text-right">
                  <MoneyText amountMinor={row.available_minor} currency={row.currency_code} testId={`${testId}-available`} />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </QueryState>
  )
}
