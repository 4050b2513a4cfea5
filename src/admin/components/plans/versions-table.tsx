import { Badge, Button, Code, Table, Text } from "@medusajs/ui"
import { useQueries } from "@tanstack/react-query"
import { useState } from "react"
import { mlmGet } from "../../lib/mlm-api"
import { isMlmApiError, mlmPath } from "../../lib/mlm-http"
import { mlmQueryKey, retryMlmQuery, useMlmQuery } from "../../lib/mlm-query"
import { DateText } from "../money-text"
import { QueryState, Section } from "../states"
import { isRecord, type Draft } from "./plan-draft"
import type { ActivePlanVersion, PlanVersion, PlanVersions } from "./plan-types"
import { versionState, type VersionState } from "./versions-table-state"

export { versionState, type VersionState }

/**
 * The versions activated from a plan, oldest first, each marked against the version in force
 * for its currency now (GET /admin/mlm/plan-versions/active, whichever plan it came from).
 */

const STATE_BADGE: Record<VersionState, { color: "green" | "blue" | "grey"; label: string }> = {
  in_force: { color: "green", label: "In force" },
  scheduled: { color: "blue", label: "Scheduled" },
  superseded: { color: "grey", label: "Superseded" },
}

/** Ids of the versions in force now for each currency (a currency with none in force: 404, left out). */
export function useActiveVersionIds(currencies: readonly string[]): { ids: Set<string>; isPending: boolean } {
  const unique = [...new Set(currencies)].sort()
  const results = useQueries({
    queries: unique.map((currency) => ({
      queryKey: mlmQueryKey("/plan-versions/active", { currency_code: currency }),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        mlmGet<ActivePlanVersion>("/plan-versions/active", { currency_code: currency }, signal).catch((error) => {
          if (isMlmApiError(error) && error.kind === "not_found") return null
          throw error
        }),
      retry: retryMlmQuery,
    })),
  })
  const ids = new Set(results.flatMap((result) => (result.data ? [result.data.plan_version.id] : [])))
  return { ids, isPending: results.some((result) => result.isPending) }
}

export function VersionStateBadge({ state }: { state: VersionState }) {
  return (
    <Badge size="2xsmall" color={STATE_BADGE[state].color} data-testid={state === "in_force" ? "plan-version-active" : `plan-version-${state}`}>
      {STATE_BADGE[state].label}
    </Badge>
  )
}

export function VersionsTable({ planId, onLoadDraft }: { planId: string; onLoadDraft?: (draft: Draft) => void }) {
  const versions = useMlmQuery<PlanVersions>(mlmPath`/plans/${planId}/versions`)
  const active = useActiveVersionIds(versions.data?.plan_versions.map((version) => version.currency_code) ?? [])
  const [open, setOpen] = useState<string | null>(null)
  const now = Date.now()
  return (
    <Section title="Versions" testId="plan-versions">
      <QueryState
        query={versions}
        testId="plan-versions"
        isEmpty={(data) => data.plan_versions.length === 0}
        empty={<Text size="small" className="px-6 py-4 text-ui-fg-subtle" data-testid="plan-versions-empty">Not activated yet: no version of this plan has been in force.</Text>}
      >
        {(data) => (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Version</Table.HeaderCell>
                <Table.HeaderCell>State</Table.HeaderCell>
                <Table.HeaderCell>Currency</Table.HeaderCell>
                <Table.HeaderCell>Period</Table.HeaderCell>
                <Table.HeaderCell>In force from</Table.HeaderCell>
                <Table.HeaderCell>Hash</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.plan_versions.map((version) => (
                <VersionRow
                  key={version.id}
                  version={version}
                  state={active.isPending ? null : versionState(version, active.ids, now)}
                  open={open === version.id}
                  onToggle={() => setOpen(open === version.id ? null : version.id)}
                  onLoadDraft={onLoadDraft}
                />
              ))}
            </Table.Body>
          </Table>
        )}
      </QueryState>
    </Section>
  )
}

function VersionRow({ version, state, open, onToggle, onLoadDraft }: { version: PlanVersion; state: VersionState | null; open: boolean; onToggle: () => void; onLoadDraft?: (draft: Draft) => void }) {
  return (
    <>
      <Table.Row data-testid="plan-version-row" data-version-id={version.id} data-version-state={state ?? ""}>
        <Table.Cell>v{version.version}</Table.Cell>
        <Table.Cell>{state ? <VersionStateBadge state={state} /> : "…"}</Table.Cell>
        <Table.Cell>{version.currency_code}</Table.Cell>
        <Table.Cell>{version.period}</Table.Cell>
        <Table.Cell>
          <DateText iso={version.effective_from} />
        </Table.Cell>
        <Table.Cell>
          <span title={version.hash}>{version.hash.slice(0, 12)}</span>
        </Table.Cell>
        <Table.Cell className="text-right">
          <Button size="small" variant="transparent" onClick={onToggle} data-testid="plan-version-toggle">
            {open ? "Hide" : "Definition"}
          </Button>
          {onLoadDraft && isRecord(version.definition) ? (
            <Button size="small" variant="transparent" onClick={() => onLoadDraft(version.definition as Draft)} data-testid="plan-version-load">
              Edit as draft
            </Button>
          ) : null}
        </Table.Cell>
      </Table.Row>
      {open ? (
        <Table.Row>
          <td colSpan={7} className="px-6 py-2">
            <Code className="block max-h-80 overflow-auto whitespace-pre text-xs" data-testid="plan-version-definition">
              {JSON.stringify(version.definition, null, 2)}
            </Code>
          </td>
        </Table.Row>
      ) : null}
    </>
  )
}
