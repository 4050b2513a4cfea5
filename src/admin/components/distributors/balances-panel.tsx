import { Table } from "@medusajs/ui"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Balances } from "../../lib/mlm-types"
import { MoneyText } from "../money-text"
import { EmptyState, QueryState, Section } from "../states"

/** What the distributor has earned per currency: held (pending) and payable (available). */
export function BalancesPanel({ distributorId }: { distributorId: string }) {
  const balances = useMlmQuery<Balances>(mlmPath`/distributors/${distributorId}/balances`)
  return (
    <Section title="Balances" testId="distributor-balances">
      <QueryState
        query={balances}
        testId="distributor-balances"
        isEmpty={(data) => data.balances.length === 0}
        empty={<EmptyState title="Nothing earned yet" testId="distributor-balances-empty" />}
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
                <Table.Row key={row.currency_code} data-testid="distributor-balance-row" data-currency={row.currency_code}>
                  <Table.Cell>{row.currency_code.toUpperCase()}</Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={row.pending_minor} currency={row.currency_code} testId="distributor-balance-pending" />
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={row.available_minor} currency={row.currency_code} testId="distributor-balance-available" />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </QueryState>
    </Section>
  )
}
