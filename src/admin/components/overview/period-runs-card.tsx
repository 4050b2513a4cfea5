import { Table, Text } from "@medusajs/ui"
import { useMlmQuery } from "../../lib/mlm-query"
import type { PeriodRun, PeriodRunList } from "../../lib/mlm-types"
import { DateText } from "../money-text"
import { EmptyState, QueryState, Section } from "../states"
import { PeriodRunStatusBadge } from "../status-badges"
import { ProgressBar } from "./progress-bar"

const IN_FLIGHT = new Set<PeriodRun["status"]>(["queued", "running"])

/** The latest period runs; while one is queued or running the list refreshes every 2 seconds. */
export function PeriodRunsCard() {
  const runs = useMlmQuery<PeriodRunList>("/period-runs", { limit: 10 }, {
    refetchInterval: (query) => (query.state.data?.period_runs.some((run) => IN_FLIGHT.has(run.status)) ? 2_000 : 30_000),
  })
  return (
    <Section title="Period runs" testId="mlm-overview-period-runs">
      <QueryState
        query={runs}
        testId="mlm-period-runs"
        isEmpty={(data) => data.period_runs.length === 0}
        empty={<EmptyState title="No period has been run yet" testId="mlm-period-runs-empty" />}
      >
        {(data) => (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Period</Table.HeaderCell>
                <Table.HeaderCell>Currency</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Progress</Table.HeaderCell>
                <Table.HeaderCell>Started</Table.HeaderCell>
                <Table.HeaderCell>Finished</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.period_runs.map((run) => (
                <Table.Row key={run.id} data-testid="mlm-period-run" data-run-id={run.id} data-status={run.status}>
                  <Table.Cell>{run.period_key}</Table.Cell>
                  <Table.Cell>{run.currency_code}</Table.Cell>
                  <Table.Cell>
                    <PeriodRunStatusBadge status={run.status} testId="mlm-period-run-status" />
                  </Table.Cell>
                  <Table.Cell>
                    {IN_FLIGHT.has(run.status) ? (
                      <div className="flex flex-col gap-y-1">
                        <ProgressBar percent={run.progress} label={`Period ${run.period_key} ${run.currency_code}`} testId="mlm-period-run-progress" />
                        {run.phase ? (
                          <Text size="xsmall" className="text-ui-fg-subtle">
                            {run.phase}
                          </Text>
                        ) : null}
                      </div>
                    ) : run.error ? (
                      <Text size="small" className="text-ui-fg-error max-w-[320px] whitespace-normal break-words" data-testid="mlm-period-run-error">
                        {run.error}
                      </Text>
                    ) : (
                      <div className="flex flex-col gap-y-1">
                        <Text size="small" className="text-ui-fg-subtle">
                          {run.status === "closed" ? "Posted to the ledger" : "Computed"}
                        </Text>
                        <UnplacedWarning run={run} />
                      </div>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <DateText iso={run.started_at} />
                  </Table.Cell>
                  <Table.Cell>
                    <DateText iso={run.finished_at ?? run.closed_at} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </QueryState>
    </Section>
  )
}

/**
 * A binary plan's members left without a placement seat are in no leg: their volume pays nobody's
 * binary. Runs seat them first (docs/periods.md, "Binary seats"), except under a plan the store
 * cannot seat (a version activated with `weaker_leg_volume_bfs` before activation refused it).
 */
function UnplacedWarning({ run }: { run: PeriodRun }) {
  const unplaced = run.summary?.unplaced
  if (typeof unplaced !== "number" || unplaced === 0) return null
  return (
    <Text size="xsmall" className="text-ui-fg-error max-w-[320px] whitespace-normal" data-testid="mlm-period-run-unplaced" data-unplaced={unplaced}>
      {unplaced.toLocaleString()} {unplaced === 1 ? "member has" : "members have"} no binary placement seat, so no leg to count in
    </Text>
  )
}
