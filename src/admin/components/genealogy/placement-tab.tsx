import { Label, Text } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor, DistributorDetail } from "../../lib/mlm-types"
import { NativeSelect } from "../controls/native-select"
import { EmptyState, QueryState } from "../states"
import type { PlacementTrees } from "./genealogy-types"
import { PlacementTree } from "./placement-tree"
import { ZoomPan } from "./zoom-pan"

/**
 * The placement trees tab: which binary or matrix trees exist (one per plan that places
 * members), then the chosen one from the focused member's seat, or from the tree's root when
 * nobody is focused. Says so plainly when no tree exists.
 */
export function PlacementTab({ root, onFocus }: { root: Distributor; onFocus: (id: string) => void }) {
  const trees = useMlmQuery<PlacementTrees>(mlmPath`/distributors/${root.id}/children/placement`, undefined, { staleTime: 60_000 })
  const [picked, setPicked] = useState<string | null>(null)
  return (
    <QueryState
      query={trees}
      testId="genealogy-placement"
      isEmpty={(data) => data.trees.length === 0}
      empty={
        <EmptyState
          title="No placements exist"
          description="Nobody has a seat in a binary or matrix placement tree. Seats are made when a plan with a binary or matrix component places members; unilevel and other sponsor-tree plans need none."
          testId="genealogy-placement-empty"
        />
      }
    >
      {(data) => {
        const tree = data.trees.find((candidate) => `${candidate.tree_type}:${candidate.tree_key}` === picked) ?? data.trees[0]
        const startId = root.is_house ? tree.root_distributor_id ?? root.id : root.id
        return (
          <div className="flex flex-col gap-y-3">
            <div className="flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-y-1">
                <Label htmlFor="genealogy-placement-tree-select" size="xsmall" weight="plus">
                  Tree
                </Label>
                <NativeSelect
                  id="genealogy-placement-tree-select"
                  testId="genealogy-placement-tree-select"
                  value={`${tree.tree_type}:${tree.tree_key}`}
                  onChange={(event) => setPicked(event.target.value)}
                  options={data.trees.map((candidate) => ({
                    value: `${candidate.tree_type}:${candidate.tree_key}`,
                    label: `${candidate.tree_type === "binary" ? "Binary" : "Matrix"}: ${candidate.plan_name ?? candidate.tree_key}`,
                  }))}
                />
              </div>
              {data.trees.length >= 100 ? (
                <Text size="xsmall" className="text-ui-fg-muted">
                  The first 100 trees are listed.
                </Text>
              ) : null}
            </div>
            <StartSeat startId={startId} root={root}>
              {(start) => (
                <ZoomPan label="Placement tree" testId="genealogy-placement">
                  <PlacementTree key={`${tree.tree_key}:${start.id}`} tree={{ type: tree.tree_type, key: tree.tree_key }} root={start} onFocus={onFocus} />
                </ZoomPan>
              )}
            </StartSeat>
          </div>
        )
      }}
    </QueryState>
  )
}

/** The member the placement tree starts from, read when it is not the one already loaded. */
function StartSeat({ startId, root, children }: { startId: string; root: Distributor; children: (start: Distributor) => ReactNode }) {
  const other = useMlmQuery<DistributorDetail>(startId === root.id ? null : mlmPath`/distributors/${startId}`, { depth: 1 })
  if (startId === root.id) return <>{children(root)}</>
  return (
    <QueryState query={other} testId="genealogy-placement-root">
      {(data) => children(data.distributor)}
    </QueryState>
  )
}
