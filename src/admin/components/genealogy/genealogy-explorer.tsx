import { Container, Tabs, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import type { ReactNode } from "react"
import { useSearchParams } from "react-router-dom"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Distributor, DistributorDetail, DistributorList } from "../../lib/mlm-types"
import { EmptyState, QueryState } from "../states"
import { FocusPath } from "./focus-path"
import { GenealogySearch } from "./genealogy-search"
import { PlacementTab } from "./placement-tab"
import { SponsorTree } from "./sponsor-tree"
import { ZoomPan } from "./zoom-pan"

/**
 * The genealogy explorer: search, the focused member's upline, and its subtree in the sponsor
 * tree or a placement tree, zoomable and pannable. The focus lives in the URL (`?focus=<id>`),
 * so a focused view can be linked, and the browser's back button walks back through focuses.
 * Without a focus the tree starts at the house (the one member at depth 0).
 */
export function GenealogyExplorer() {
  const [params, setParams] = useSearchParams()
  const focusId = params.get("focus")
  const tab = params.get("tree") === "placement" ? "placement" : "sponsor"
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key)
      else next.set(key, value)
    }
    setParams(next)
  }
  const focus = (id: string) => update({ focus: id })

  // depth=1: the breadcrumbs need the upline; one level of counts keeps the detail cheap.
  const detail = useMlmQuery<DistributorDetail>(focusId ? mlmPath`/distributors/${focusId}` : null, { depth: 1 })
  const house = useMlmQuery<DistributorList>(focusId ? null : "/distributors", { order: "depth", limit: 1 }, { staleTime: 300_000 })

  return (
    <div className="flex flex-col gap-y-3" data-testid="genealogy">
      <Container className="flex flex-col gap-y-3 px-6 py-4">
        <GenealogySearch onPick={focus} />
        {focusId ? (
          <QueryState query={detail} testId="genealogy-focus" loading={<Text size="small">Loading the upline…</Text>}>
            {(data) => <FocusPath detail={data.distributor} onFocus={focus} onClear={() => update({ focus: null })} />}
          </QueryState>
        ) : (
          <Text size="small" className="text-ui-fg-subtle" data-testid="genealogy-breadcrumbs">
            The whole network, from the house. Expand a member to load its direct recruits, or focus on one.
          </Text>
        )}
      </Container>
      <Container className="px-6 py-4">
        <Tabs value={tab} onValueChange={(value) => update({ tree: value === "placement" ? "placement" : null })}>
          <Tabs.List>
            <Tabs.Trigger value="sponsor" data-testid="genealogy-tab-sponsor">
              Sponsor tree
            </Tabs.Trigger>
            <Tabs.Trigger value="placement" data-testid="genealogy-tab-placement">
              Placement tree
            </Tabs.Trigger>
          </Tabs.List>
          <div className="pt-3">
            <RootOf focusId={focusId} detail={detail} house={house}>
              {(root) =>
                tab === "sponsor" ? (
                  <ZoomPan label="Sponsor tree" testId="genealogy-sponsor">
                    <SponsorTree key={root.id} root={root} onFocus={focus} />
                  </ZoomPan>
                ) : (
                  <PlacementTab root={root} onFocus={focus} />
                )
              }
            </RootOf>
          </div>
        </Tabs>
      </Container>
    </div>
  )
}

/** The member the trees start from: the focused one, else the house. */
function RootOf({
  focusId,
  detail,
  house,
  children,
}: {
  focusId: string | null
  detail: UseQueryResult<DistributorDetail, Error>
  house: UseQueryResult<DistributorList, Error>
  children: (root: Distributor) => ReactNode
}) {
  if (focusId) {
    return (
      <QueryState query={detail} testId="genealogy-root">
        {(data) => children(data.distributor)}
      </QueryState>
    )
  }
  return (
    <QueryState
      query={house}
      testId="genealogy-root"
      isEmpty={(data) => data.distributors.length === 0}
      empty={<EmptyState title="No network yet" description="Nobody has enrolled: the tree starts when the first distributor joins." testId="genealogy-empty" />}
    >
      {(data) => children(data.distributors[0])}
    </QueryState>
  )
}
