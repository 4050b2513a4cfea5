import { Input, Table, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { MoneyText } from "../money-text"
import { EmptyState } from "../states"
import type { SimulatedLine } from "./plan-types"
import { filterLines, pageOfLines } from "./simulation"

const PAGE_SIZE = 25

/** The engine's lines of one what-if run, filtered and paged in the browser (the run answers them all). */
export function SimulatedLines({ lines, currency }: { lines: readonly SimulatedLine[]; currency: string }) {
  const [filter, setFilter] = useState("")
  const [pageIndex, setPageIndex] = useState(0)
  const filtered = useMemo(() => filterLines(lines, filter), [lines, filter])
  const page = pageOfLines(filtered, pageIndex, PAGE_SIZE)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="simulate-lines">
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus">
          Lines
        </Text>
        <Input
          size="small"
          type="search"
          placeholder="Filter by member, bonus or source"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value)
            setPageIndex(0)
          }}
          className="max-w-xs"
          data-testid="simulate-lines-filter"
        />
      </div>
      {page.count === 0 ? (
        <EmptyState title={lines.length === 0 ? "No lines" : "No line matches the filter"} testId="simulate-lines-empty" />
      ) : (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Member</Table.HeaderCell>
                <Table.HeaderCell>Bonus</Table.HeaderCell>
                <Table.HeaderCell>Level</Table.HeaderCell>
                <Table.HeaderCell>Source</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {page.rows.map((line, index) => (
                <Table.Row key={`${page.pageIndex}-${index}`} data-testid="simulate-line-row">
                  <Table.Cell>{line.to}</Table.Cell>
                  <Table.Cell>{line.bonus}</Table.Cell>
                  <Table.Cell>{line.level ?? "–"}</Table.Cell>
                  <Table.Cell>{line.source}</Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={line.cents} currency={currency} testId="simulate-line-amount" />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Table.Pagination
            data-testid="simulate-lines-pager"
            count={page.count}
            pageSize={PAGE_SIZE}
            pageIndex={page.pageIndex}
            pageCount={page.pageCount}
            canPreviousPage={page.pageIndex > 0}
            canNextPage={page.pageIndex < page.pageCount - 1}
            previousPage={() => setPageIndex(page.pageIndex - 1)}
            nextPage={() => setPageIndex(page.pageIndex + 1)}
          />
        </>
      )}
    </div>
  )
}
