import { Table, Text } from "@medusajs/ui"
import type { LedgerLineStatus, Overview } from "../../lib/mlm-types"
import { MoneyText } from "../money-text"
import { EmptyState, Section } from "../states"

const STATUSES: LedgerLineStatus[] = ["pending", "available", "canceled"]

/** The period's order volume and the commissions it produced, per currency and status. */
export function MoneyCard({ money, periodKey }: { money: NonNullable<Overview["money"]>; periodKey: string }) {
  const currencies = [...new Set([...money.volume.map((row) => row.currency_code), ...money.commissions.map((row) => row.currency_code)])].sort()
  return (
    <Section title={`Volume and commissions, ${periodKey}`} testId="mlm-overview-money">
      {currencies.length === 0 ? (
        <EmptyState title="No orders in this period" testId="mlm-overview-money-empty" />
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Currency</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Volume (CV)</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Net CV</Table.HeaderCell>
              {STATUSES.map((status) => (
                <Table.HeaderCell key={status} className="text-right">
                  Commissions {status}
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {currencies.map((currency) => {
              const volume = money.volume.find((row) => row.currency_code === currency)
              return (
                <Table.Row key={currency} data-testid="mlm-overview-money-row" data-currency={currency}>
                  <Table.Cell>{currency}</Table.Cell>
                  <Table.Cell className="text-right" data-testid="mlm-overview-orders">
                    {volume?.orders ?? 0}
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={volume?.cv_minor ?? 0} currency={currency} testId="mlm-overview-cv" />
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={volume?.net_cv_minor ?? 0} currency={currency} testId="mlm-overview-net-cv" />
                  </Table.Cell>
                  {STATUSES.map((status) => {
                    const row = money.commissions.find((entry) => entry.currency_code === currency && entry.status === status)
                    return (
                      <Table.Cell key={status} className="text-right">
                        <MoneyText amountMinor={row?.amount_minor ?? 0} currency={currency} testId={`mlm-overview-commissions-${status}`} />
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          {row?.lines ?? 0} lines
                        </Text>
                      </Table.Cell>
                    )
                  })}
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table>
      )}
    </Section>
  )
}
