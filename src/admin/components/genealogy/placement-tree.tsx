import { TriangleDownMini, TriangleRightMini } from "@medusajs/icons"
import { Button, IconButton, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor } from "../../lib/mlm-types"
import { MoneyText } from "../money-text"
import { ErrorState, LoadingState } from "../states"
import { CHILDREN_PAGE, displayName, positionLabel, type Carry, type PlacementChildrenPage, type TreeType } from "./genealogy-types"
import { NodeLabel } from "./node-label"

/**
 * One placement tree (binary or matrix) from one seat, loaded like the sponsor tree: a seat's
 * children are read when it is expanded. Binary seats show their leg and the carry in each leg
 * from the latest computed period run of the plan, when the caller may see volume.
 */

type Tree = { type: TreeType; key: string }

export function PlacementTree({ tree, root, onFocus }: { tree: Tree; root: Distributor; onFocus: (id: string) => void }) {
  return (
    <ul role="tree" aria-label={`Placement tree of ${displayName(root)}`} className="flex flex-col gap-y-1" data-testid="genealogy-placement-tree" data-tree-key={tree.key}>
      <PlacementNode tree={tree} distributor={root} position={null} childCount={null} carry={null} currency={null} level={1} initiallyExpanded onFocus={onFocus} />
    </ul>
  )
}

type NodeProps = {
  tree: Tree
  distributor: Distributor
  position: number | null
  childCount: number | null
  carry: Carry | null
  currency: string | null
  level: number
  initiallyExpanded?: boolean
  onFocus: (id: string) => void
}

function PlacementNode({ tree, distributor, position, childCount, carry, currency, level, initiallyExpanded = false, onFocus }: NodeProps) {
  const [expanded, setExpanded] = useState(initiallyExpanded)
  const expandable = childCount === null || childCount > 0
  const name = displayName(distributor)
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expandable ? expanded : undefined}
      aria-label={`${name}, ${positionLabel(tree.type, position)}`}
      className="flex flex-col gap-y-1"
      data-testid={`genealogy-placement-node-${distributor.id}`}
      data-position={position ?? ""}
    >
      <div className="flex items-center gap-x-1">
        {expandable ? (
          <IconButton
            size="2xsmall"
            variant="transparent"
            aria-label={`${expanded ? "Collapse" : "Expand"} ${name}`}
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
            data-testid={`genealogy-placement-expand-${distributor.id}`}
          >
            {expanded ? <TriangleDownMini /> : <TriangleRightMini />}
          </IconButton>
        ) : (
          <span className="inline-block w-5 shrink-0" aria-hidden />
        )}
        <Text as="span" size="xsmall" className="text-ui-fg-subtle inline-block w-20 shrink-0">
          {positionLabel(tree.type, position)}
        </Text>
        <NodeLabel distributor={distributor} onFocus={onFocus} extra={carry && currency ? <CarryText carry={carry} currency={currency} id={distributor.id} /> : null} />
      </div>
      {expanded ? <SeatChildren tree={tree} parentId={distributor.id} level={level + 1} onFocus={onFocus} /> : null}
    </li>
  )
}

function CarryText({ carry, currency, id }: { carry: Carry; currency: string; id: string }) {
  return (
    <Text as="span" size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" data-testid={`genealogy-carry-${id}`}>
      carry L <MoneyText amountMinor={carry.left_minor} currency={currency} /> · R <MoneyText amountMinor={carry.right_minor} currency={currency} />
    </Text>
  )
}

function SeatChildren({ tree, parentId, level, onFocus }: { tree: Tree; parentId: string; level: number; onFocus: (id: string) => void }) {
  const [limit, setLimit] = useState(CHILDREN_PAGE)
  const page = useMlmQuery<PlacementChildrenPage>(
    mlmPath`/distributors/${parentId}/children/placement`,
    { tree_type: tree.type, tree_key: tree.key, limit, offset: 0 },
    { staleTime: 30_000, placeholderData: (previous) => previous }
  )
  if (page.isPending) return <LoadingState rows={1} label="Loading seats…" testId={`genealogy-placement-loading-${parentId}`} />
  if (page.error || !page.data) return <ErrorState error={page.error} onRetry={() => void page.refetch()} testId={`genealogy-placement-error-${parentId}`} />
  const data = page.data
  const currency = data.carry_run?.currency_code ?? null
  if (!data.seat) {
    return (
      <Text size="small" className="text-ui-fg-subtle ml-8" data-testid={`genealogy-placement-unplaced-${parentId}`}>
        Not placed in this tree.
      </Text>
    )
  }
  return (
    <div className="ml-3 flex flex-col gap-y-1 border-l pl-4">
      {level === 2 ? <CarrySource data={data} /> : null}
      {level === 2 && data.seat.carry && currency ? (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="genealogy-placement-root-carry">
          This seat (root): <CarryText carry={data.seat.carry} currency={currency} id={parentId} />
        </Text>
      ) : null}
      <ul role="group" className="flex flex-col gap-y-1" data-testid={`genealogy-placement-children-${parentId}`}>
        {data.children.length === 0 ? (
          <li role="none">
            <Text size="small" className="text-ui-fg-subtle">
              No seats below.
            </Text>
          </li>
        ) : null}
        {data.children.map((child) => (
          <PlacementNode
            key={child.placement_id}
            tree={tree}
            distributor={child.distributor}
            position={child.position}
            childCount={child.child_count}
            carry={child.carry}
            currency={currency}
            level={level}
            onFocus={onFocus}
          />
        ))}
        {data.children.length < data.count ? (
          <li role="none">
            <Button size="small" variant="transparent" onClick={() => setLimit(Math.min(100, limit + CHILDREN_PAGE))} disabled={limit >= 100} data-testid={`genealogy-placement-more-${parentId}`}>
              Show more ({data.count - data.children.length} not shown)
            </Button>
          </li>
        ) : null}
      </ul>
    </div>
  )
}

function CarrySource({ data }: { data: PlacementChildrenPage }) {
  if (data.tree_type !== "binary") return null
  let text: string
  if (!data.carry_visible) text = "Carry is volume: your role does not show it."
  else if (!data.carry_run) text = "No computed period run of this plan yet: no carry to show."
  else text = `Carry after period ${data.carry_run.period_key} (${data.carry_run.status} run).`
  return (
    <Text size="xsmall" className="text-ui-fg-muted" data-testid="genealogy-carry-source">
      {text}
    </Text>
  )
}
