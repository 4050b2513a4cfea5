import { Button, StatusBadge, Table, Text } from "@medusajs/ui"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmMutation, useMlmQuery } from "../../lib/mlm-query"
import type { FailedJobList, JobsStatus } from "../../lib/mlm-types"
import { DateText } from "../money-text"
import { Can } from "../role-aware"
import { EmptyState, ErrorState, QueryState, Section } from "../states"
import { Figure } from "./network-card"

/**
 * The commission queue (GET /admin/mlm/jobs/status): waiting, active, failed jobs in Redis and
 * the outbox by state, refreshed every 10 seconds; failed jobs with a retry for roles with
 * jobs.write. Without Redis there is no queue: jobs wait in the outbox.
 */
export function QueueHealth() {
  const status = useMlmQuery<JobsStatus>("/jobs/status", undefined, { refetchInterval: 10_000 })
  return (
    <Section title="Commission queue" testId="mlm-overview-queue">
      <QueryState query={status} testId="mlm-overview-queue">
        {(data) => (
          <div className="flex flex-col divide-y">
            <div className="flex flex-wrap items-center gap-2 px-6 py-3">
              <StatusBadge color={data.queue_configured ? "green" : "orange"} data-testid="mlm-queue-configured">
                {data.queue_configured ? "Queue configured" : "No queue (Redis not configured)"}
              </StatusBadge>
              <StatusBadge color={data.worker_running ? "green" : "grey"} data-testid="mlm-queue-worker">
                {data.worker_running ? "Worker running in this server" : "No worker in this server"}
              </StatusBadge>
            </div>
            <div className="grid grid-cols-3 gap-4 px-6 py-4 md:grid-cols-6">
              <Figure label="Waiting" value={data.queue?.waiting ?? "–"} testId="mlm-queue-waiting" />
              <Figure label="Active" value={data.queue?.active ?? "–"} testId="mlm-queue-active" />
              <Figure label="Delayed" value={data.queue?.delayed ?? "–"} testId="mlm-queue-delayed" />
              <Figure label="Failed" value={data.queue?.failed ?? "–"} testId="mlm-queue-failed" />
              <Figure label="Outbox pending" value={(data.outbox.pending ?? 0) + (data.outbox.queued ?? 0)} testId="mlm-outbox-open" />
              <Figure label="Outbox failed" value={data.outbox.failed ?? 0} testId="mlm-outbox-failed" />
            </div>
            <FailedJobs />
          </div>
        )}
      </QueryState>
    </Section>
  )
}

function FailedJobs() {
  const failed = useMlmQuery<FailedJobList>("/jobs/failed", { limit: 20 }, { refetchInterval: 10_000 })
  const retry = useMlmMutation((jobId: string) => mlmPost<{ retried: true }>(mlmPath`/jobs/${jobId}/retry`, {}), {
    invalidates: ["/jobs"],
  })
  return (
    <div className="flex flex-col gap-y-2 py-4" data-testid="mlm-failed-jobs">
      <Text size="small" weight="plus" className="px-6">
        Failed jobs
      </Text>
      {retry.error ? <ErrorState error={retry.error} testId="mlm-failed-job-retry-error" /> : null}
      <QueryState
        query={failed}
        testId="mlm-failed-jobs"
        isEmpty={(data) => data.jobs.length === 0}
        empty={<EmptyState title="No failed jobs" testId="mlm-failed-jobs-empty" />}
      >
        {(data) => (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Job</Table.HeaderCell>
                <Table.HeaderCell>Order</Table.HeaderCell>
                <Table.HeaderCell>Reason</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Attempts</Table.HeaderCell>
                <Table.HeaderCell>Failed at</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.jobs.map((job) => (
                <Table.Row key={job.id} data-testid="mlm-failed-job" data-job-id={job.id}>
                  <Table.Cell className="font-mono">{job.id}</Table.Cell>
                  <Table.Cell>{job.order_id ?? "–"}</Table.Cell>
                  <Table.Cell className="max-w-[320px] whitespace-normal break-words" data-testid="mlm-failed-job-reason">
                    {job.failed_reason ?? "–"}
                  </Table.Cell>
                  <Table.Cell className="text-right">{job.attempts_made}</Table.Cell>
                  <Table.Cell>
                    <DateText iso={job.failed_at} />
                  </Table.Cell>
                  <Table.Cell>
                    <Can permission="jobs.write">
                      <Button
                        size="small"
                        variant="secondary"
                        isLoading={retry.isPending && retry.variables === job.id}
                        onClick={() => retry.mutate(job.id)}
                        data-testid="mlm-failed-job-retry"
                      >
                        Retry
                      </Button>
                    </Can>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </QueryState>
      <MoreFailedJobs data={failed.data} />
    </div>
  )
}

/** The list shows the newest 20; say how many more the queue keeps. */
function MoreFailedJobs({ data }: { data: FailedJobList | undefined }) {
  if (!data || data.count <= data.jobs.length) return null
  return (
    <Text size="xsmall" className="px-6 text-ui-fg-subtle">
      Showing {data.jobs.length} of {data.count}.
    </Text>
  )
}
