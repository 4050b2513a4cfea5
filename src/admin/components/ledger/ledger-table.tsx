import { Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { adminLinks } from "../../lib/links"
import type { LedgerLine } from "../../lib/mlm-types"
import { DateText, MoneyText, RateText } from "../money-text"
import { LineStatusBadge } from "../status-badges"

/**
 * Ledger lines as a table, newest first. Each row carries its id and its amount in minor units
 * (`data-line-id`, `data-amount-minor`) so a test asserts exact cents; the beneficiary and the
 * order link to their pages.
 */

function Source({ line }: { line: LedgerLine }) {
  if (line.source_kind === "order" && line.order_id) {
    return (
      <Link to={adminLinks.order(line.order_id)} className="text-ui-fg-interactive hover:underline">
        {line.order_id}
      </Link>
    )
  }
  const kind = line.source_kind === "adjustment" ? "Adjustment" : "Period run"
  return (
    <span title={line.source_id}>
      {kind}
      {line.order_id ? ` · ${line.order_id}` : ""}
    </span>
  )
}

export function LedgerTable({ lines }: { lines: readonly LedgerLine[] }) {
  return (
    <Table data-testid="ledger-table">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Posted</Table.HeaderCell>
          <Table.HeaderCell>Distributor</Table.HeaderCell>
          <Table.HeaderCell>Bonus</Table.HeaderCell>
          <Table.HeaderCell>Level</Table.HeaderCell>
          <Table.HeaderCell>Source</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Base</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Rate</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {lines.map((line) => (
          <Table.Row key={line.id} data-testid="ledger-row" data-line-id={line.id} data-status={line.status} data-bonus={line.bonus}>
            <Table.Cell>
              <DateText iso={line.created_at} />
            </Table.Cell>
            <Table.Cell>
              {line.distributor_id ? (
                <Link to={adminLinks.mlmDistributor(line.distributor_id)} className="text-ui-fg-interactive hover:underline" data-testid="ledger-row-distributor">
                  {line.distributor_id}
                </Link>
              ) : (
                <Text size="small" className="text-ui-fg-subtle">
                  –
                </Text>
              )}
            </Table.Cell>
            <Table.Cell>{line.bonus}</Table.Cell>
            <Table.Cell>{line.level || "–"}</Table.Cell>
            <Table.Cell>
              <Source line={line} />
            </Table.Cell>
            <Table.Cell className="text-right">{line.base_minor === null ? "–" : <MoneyText amountMinor={line.base_minor} currency={line.currency_code} />}</Table.Cell>
            <Table.Cell className="text-right">
              <RateText rateBp={line.rate_bp} />
            </Table.Cell>
            <Table.Cell className="text-right">
              <MoneyText amountMinor={line.amount_minor} currency={line.currency_code} testId="ledger-row-amount" />
            </Table.Cell>
            <Table.Cell>
              <LineStatusBadge status={line.status} testId="ledger-row-status" />
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
