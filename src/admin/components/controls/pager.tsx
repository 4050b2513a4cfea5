import { Table } from "@medusajs/ui"

/**
 * Offset paging under a table, in Medusa's look (Table.Pagination): the route answers `count`,
 * `limit` and `offset`, the page asks for another offset.
 */
export function OffsetPager({
  count,
  limit,
  offset,
  onOffset,
  testId,
}: {
  count: number
  limit: number
  offset: number
  onOffset: (offset: number) => void
  testId?: string
}) {
  const pageIndex = Math.floor(offset / limit)
  const pageCount = Math.max(1, Math.ceil(count / limit))
  return (
    <Table.Pagination
      data-testid={testId}
      count={count}
      pageSize={limit}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={offset > 0}
      canNextPage={offset + limit < count}
      previousPage={() => onOffset(Math.max(0, offset - limit))}
      nextPage={() => onOffset(offset + limit)}
    />
  )
}
