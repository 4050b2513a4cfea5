import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { adminLinks } from "../../lib/links"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmQuery } from "../../lib/mlm-query"
import { DateText } from "../money-text"
import { EmptyState, QueryState, Section } from "../states"
import { DistributorStatusBadge } from "../status-badges"
import { historyTimeline, type DistributorHistory, type HistoryEvent } from "./history"

/** Moves and status changes, newest first, with who made them and the reason they gave. */
export function HistoryPanel({ distributorId }: { distributorId: string }) {
  const history = useMlmQuery<DistributorHistory>(mlmPath`/distributors/${distributorId}/history`)
  return (
    <Section title="History" testId="distributor-history">
      <QueryState
        query={history}
        testId="distributor-history"
        isEmpty={(data) => data.sponsor_moves.length === 0 && data.status_changes.length === 0}
        empty={<EmptyState title="No changes" description="Never moved, and its status never changed." testId="distributor-history-empty" />}
      >
        {(data) => (
          <ol className="flex flex-col divide-y">
            {historyTimeline(data).map((event) => (
              <HistoryRow key={`${event.kind}-${event.id}`} event={event} />
            ))}
          </ol>
        )}
      </QueryState>
    </Section>
  )
}

function SponsorLink({ id }: { id: string }) {
  return (
    <Link to={adminLinks.mlmDistributor(id)} className="text-ui-fg-interactive hover:underline">
      {id}
    </Link>
  )
}

function HistoryRow({ event }: { event: HistoryEvent }) {
  return (
    <li className="flex flex-col gap-y-1 px-6 py-3" data-testid="distributor-history-event" data-kind={event.kind}>
      <div className="flex flex-wrap items-center gap-x-2">
        <Text size="small" weight="plus">
          {event.kind === "move" ? "Moved" : "Status changed"}
        </Text>
        {event.kind === "move" ? (
          <Text size="small">
            from <SponsorLink id={event.from_sponsor_id} /> to <SponsorLink id={event.to_sponsor_id} /> with {event.subtree_size}{" "}
            {event.subtree_size === 1 ? "member" : "members"}
          </Text>
        ) : (
          <span className="flex items-center gap-x-1">
            <DistributorStatusBadge status={event.from_status} />
            <Text size="small">→</Text>
            <DistributorStatusBadge status={event.to_status} />
          </span>
        )}
      </div>
      <Text size="small" className="text-ui-fg-subtle" data-testid="distributor-history-reason">
        {event.reason}
      </Text>
      <Text size="xsmall" className="text-ui-fg-muted">
        <DateText iso={event.created_at} /> · by {event.actor_id}
      </Text>
    </li>
  )
}
