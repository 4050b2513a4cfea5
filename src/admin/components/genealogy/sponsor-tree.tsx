import { TriangleDownMini, TriangleRightMini } from "@medusajs/icons"
import { Button, IconButton, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor } from "../../lib/mlm-types"
import { ErrorState, LoadingState } from "../states"
import { CHILDREN_PAGE, displayName, type ChildrenPage, type ChildNode } from "./genealogy-types"
import { NodeLabel } from "./node-label"

/**
 * The sponsor tree from one root, as nested lists (role tree/treeitem/group). Nothing below a
 * node is read until it is expanded; then its children come one page at a time
 * (GET /admin/mlm/distributors/:id/children), so a network of a million opens as fast as a
 * network of ten. Collapsing keeps the pages in the query cache: expanding again is instant.
 */
export function SponsorTree({ root, onFocus }: { root: Distributor; onFocus: (id: string) => void }) {
  return (
    <ul role="tree" aria-label={`Sponsor tree of ${displayName(root)}`} className="flex flex-col gap-y-1" data-testid="genealogy-tree" data-root-id={root.id}>
      <SponsorNode distributor={root} childCount={null} level={1} initiallyExpanded onFocus={onFocus} />
    </ul>
  )
}

/** `childCount` null: not known yet (the root); the first page of children tells. */
function SponsorNode({
  distributor,
  childCount,
  level,
  initiallyExpanded = false,
  onFocus,
}: {
  distributor: Distributor
  childCount: number | null
  level: number
  initiallyExpanded?: boolean
  onFocus: (id: string) => void
}) {
  const [expanded, setExpanded] = useState(initiallyExpanded)
  const expandable = childCount === null || childCount > 0
  const name = displayName(distributor)
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expandable ? expanded : undefined}
      aria-label={name}
      className="flex flex-col gap-y-1"
      data-testid={`genealogy-node-${distributor.id}`}
      data-child-count={childCount ?? ""}
      data-level={level}
    >
      <div className="flex items-center gap-x-1">
        {expandable ? (
          <IconButton
            size="2xsmall"
            variant="transparent"
            aria-label={`${expanded ? "Collapse" : "Expand"} ${name}`}
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
            data-testid={`genealogy-expand-${distributor.id}`}
          >
            {expanded ? <TriangleDownMini /> : <TriangleRightMini />}
          </IconButton>
        ) : (
          <span className="inline-block w-5 shrink-0" aria-hidden />
        )}
        <NodeLabel
          distributor={distributor}
          onFocus={onFocus}
          extra={
            childCount !== null && childCount > 0 ? (
              <Text as="span" size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" data-testid={`genealogy-child-count-${distributor.id}`}>
                {childCount} direct
              </Text>
            ) : null
          }
        />
      </div>
      {expanded ? <ChildPages parentId={distributor.id} level={level + 1} onFocus={onFocus} /> : null}
    </li>
  )
}

function ChildPages({ parentId, level, onFocus }: { parentId: string; level: number; onFocus: (id: string) => void }) {
  const [pages, setPages] = useState(1)
  return (
    <ul role="group" className="border-ui-border-base ml-3 flex flex-col gap-y-1 border-l pl-4" data-testid={`genealogy-children-${parentId}`}>
      {Array.from({ length: pages }, (_, index) => (
        <ChildPage key={index} parentId={parentId} offset={index * CHILDREN_PAGE} level={level} last={index === pages - 1} onMore={() => setPages(pages + 1)} onFocus={onFocus} />
      ))}
    </ul>
  )
}

function ChildPage({
  parentId,
  offset,
  level,
  last,
  onMore,
  onFocus,
}: {
  parentId: string
  offset: number
  level: number
  last: boolean
  onMore: () => void
  onFocus: (id: string) => void
}) {
  const page = useMlmQuery<ChildrenPage>(mlmPath`/distributors/${parentId}/children`, { limit: CHILDREN_PAGE, offset }, { staleTime: 30_000 })
  if (page.isPending) {
    return (
      <li role="none">
        <LoadingState rows={1} label="Loading members…" testId={`genealogy-children-loading-${parentId}`} />
      </li>
    )
  }
  if (page.error || !page.data) {
    return (
      <li role="none">
        <ErrorState error={page.error} onRetry={() => void page.refetch()} testId={`genealogy-children-error-${parentId}`} />
      </li>
    )
  }
  const { children, count } = page.data
  const shown = offset + children.length
  return (
    <>
      {offset === 0 && count === 0 ? (
        <li role="none">
          <Text size="small" className="text-ui-fg-subtle py-1" data-testid={`genealogy-children-empty-${parentId}`}>
            Nobody below yet.
          </Text>
        </li>
      ) : null}
      {children.map((child: ChildNode) => (
        <SponsorNode key={child.id} distributor={child} childCount={child.child_count} level={level} onFocus={onFocus} />
      ))}
      {last && shown < count ? (
        <li role="none">
          <Button size="small" variant="transparent" onClick={onMore} data-testid={`genealogy-more-${parentId}`}>
            Show more ({count - shown} of {count} not shown)
          </Button>
        </li>
      ) : null}
    </>
  )
}
