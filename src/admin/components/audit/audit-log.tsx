import { Badge, Button, Code, Container, Input, Label, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useMlmQuery } from "../../lib/mlm-query"
import { useUrlState } from "../controls/url-state"
import { DateText } from "../money-text"
import { EmptyState, QueryState } from "../states"
import { AuditExportButton } from "./audit-export"
import {
  AUDIT_FILTER_KEYS,
  auditFilterProblem,
  auditFiltersFromSearch,
  auditFiltersToSearch,
  auditListQuery,
  currentCursor,
  firstPage,
  nextTrail,
  previousTrail,
  type AuditFilterKey,
  type AuditFilters,
  type CursorTrail,
} from "./audit-query"
import type { AuditList, AuditRow } from "./audit-types"

/**
 * The audit trail, oldest first (seq order is commit order), filtered by event, target and actor,
 * paged forward by seq. Each row opens to its before/after state and its place in the hash chain.
 */

const PAGE_SIZE = 50

const FILTER_LABELS: Record<AuditFilterKey, { title: string; placeholder: string }> = {
  event: { title: "Event", placeholder: "authz_fail, mlm_plan_activated…" },
  target_type: { title: "Target type", placeholder: "distributor, plan, ledger…" },
  target_id: { title: "Target id", placeholder: "mlmdist_…" },
  actor_id: { title: "Actor id", placeholder: "user_…" },
}

function FilterInput({ name, value, onApply }: { name: AuditFilterKey; value: string | undefined; onApply: (value: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "")
  useEffect(() => setText(value ?? ""), [value])
  const problem = auditFilterProblem(name, text.trim())
  const apply = () => problem === null && (text.trim() || undefined) !== value && onApply(text.trim() || undefined)
  const id = `audit-filter-${name.replace("_", "-")}`
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {FILTER_LABELS[name].title}
      </Label>
      <Input
        id={id}
        size="small"
        placeholder={FILTER_LABELS[name].placeholder}
        value={text}
        aria-invalid={problem !== null}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => event.key === "Enter" && apply()}
        data-testid={id}
      />
      {problem ? (
        <Text size="xsmall" className="text-ui-fg-error">
          {problem}
        </Text>
      ) : null}
    </div>
  )
}

const OUTCOME_COLOR = { success: "green", failure: "orange", denied: "red" } as const

export function AuditLog() {
  const [filters, update] = useUrlState(auditFiltersFromSearch, auditFiltersToSearch)
  const filterKey = auditFiltersToSearch(filters).toString()
  const [trail, setTrail] = useState<CursorTrail>(firstPage)
  useEffect(() => setTrail(firstPage()), [filterKey])
  const list = useMlmQuery<AuditList>("/audit", auditListQuery(filters, currentCursor(trail), PAGE_SIZE), { placeholderData: (previous) => previous })
  const apply = (key: AuditFilterKey, value: string | undefined) => update((current) => ({ ...current, [key]: value }) as AuditFilters)

  return (
    <Container className="divide-y p-0" data-testid="audit-log">
      <div className="flex flex-wrap items-start justify-between gap-3 px-6 py-4">
        <Text size="small" weight="plus">
          Events, oldest first
        </Text>
        <AuditExportButton />
      </div>
      <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="audit-filters">
        {AUDIT_FILTER_KEYS.map((key) => (
          <FilterInput key={key} name={key} value={filters[key]} onApply={(value) => apply(key, value)} />
        ))}
      </div>
      <QueryState
        query={list}
        testId="audit-rows"
        isEmpty={(data) => data.audit_log.length === 0 && trail.length === 1}
        empty={<EmptyState title="No events" description="No audit row matches these filters." testId="audit-empty" />}
      >
        {(data) => {
          const next = nextTrail(trail, { rows: data.audit_log.length, limit: data.limit, next_after_seq: data.next_after_seq })
          const previous = previousTrail(trail)
          return (
            <>
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Seq</Table.HeaderCell>
                    <Table.HeaderCell>At (UTC)</Table.HeaderCell>
                    <Table.HeaderCell>Event</Table.HeaderCell>
                    <Table.HeaderCell>Outcome</Table.HeaderCell>
                    <Table.HeaderCell>Actor</Table.HeaderCell>
                    <Table.HeaderCell>Target</Table.HeaderCell>
                    <Table.HeaderCell />
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {data.audit_log.map((row) => (
                    <AuditRowView key={row.seq} row={row} />
                  ))}
                </Table.Body>
              </Table>
              <div className="flex items-center justify-between px-6 py-3">
                <Text size="small" className="text-ui-fg-subtle" data-testid="audit-page-position">
                  {data.audit_log.length > 0 ? `Rows ${data.audit_log[0].seq}–${data.audit_log[data.audit_log.length - 1].seq}` : "No more rows"}
                </Text>
                <div className="flex gap-x-2">
                  <Button size="small" variant="secondary" disabled={!previous} onClick={() => previous && setTrail(previous)} data-testid="audit-page-previous">
                    Previous
                  </Button>
                  <Button size="small" variant="secondary" disabled={!next} onClick={() => next && setTrail(next)} data-testid="audit-page-next">
                    Next
                  </Button>
                </div>
              </div>
            </>
          )
        }}
      </QueryState>
    </Container>
  )
}

function AuditRowView({ row }: { row: AuditRow }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Table.Row data-testid="audit-row" data-seq={row.seq} data-event={row.event}>
        <Table.Cell>{row.seq}</Table.Cell>
        <Table.Cell>
          <DateText iso={row.at} />
        </Table.Cell>
        <Table.Cell>
          <Code className="text-xs">{row.event}</Code>
        </Table.Cell>
        <Table.Cell>
          <Badge size="2xsmall" color={OUTCOME_COLOR[row.outcome] ?? "grey"}>
            {row.outcome}
          </Badge>
        </Table.Cell>
        <Table.Cell>{[row.actor_type, row.actor_id].filter(Boolean).join(" ") || "–"}</Table.Cell>
        <Table.Cell>{[row.target_type, row.target_id].filter(Boolean).join(" ") || "–"}</Table.Cell>
        <Table.Cell className="text-right">
          <Button size="small" variant="transparent" onClick={() => setOpen(!open)} data-testid="audit-row-toggle">
            {open ? "Hide" : "Details"}
          </Button>
        </Table.Cell>
      </Table.Row>
      {open ? (
        <tr data-testid="audit-row-details">
          <td colSpan={7} className="px-6 py-3">
            <Text size="xsmall" className="text-ui-fg-subtle">
              From {row.ip ?? "unknown address"} · {row.user_agent ?? "no user agent"}
            </Text>
            <div className="grid grid-cols-1 gap-3 py-2 md:grid-cols-2">
              <JsonBlock title="Before" value={row.before} />
              <JsonBlock title="After" value={row.after} />
            </div>
            <Text size="xsmall" className="break-all font-mono text-ui-fg-muted">
              hash {row.hash} · previous {row.prev_hash}
            </Text>
          </td>
        </tr>
      ) : null}
    </>
  )
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Text size="xsmall" weight="plus">
        {title}
      </Text>
      <Code className="block max-h-64 overflow-auto whitespace-pre text-xs">{value === null || value === undefined ? "–" : JSON.stringify(value, null, 2)}</Code>
    </div>
  )
}
