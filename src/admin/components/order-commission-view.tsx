import { Button, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { adminLinks } from "../lib/links"
import { mlmPost } from "../lib/mlm-api"
import { isMlmApiError, mlmPath } from "../lib/mlm-http"
import { useMlmMutation, useMlmQuery } from "../lib/mlm-query"
import type { CommissionAdjustment, LedgerLine, OrderCommission, OutboxJob } from "../lib/mlm-types"
import { DateText, MoneyText, RateText } from "./money-text"
import { Can } from "./role-aware"
import { EmptyState, ErrorState, LoadingState } from "./states"
import { JobStatusBadge, LineStatusBadge } from "./status-badges"

/**
 * What one order paid in commissions (GET /admin/mlm/commissions/:order_id): its job's state,
 * the record's CV, the lines per beneficiary, and the clawbacks refunds, returns and
 * cancellations posted against it.
 */
export function OrderCommissionView({ orderId }: { orderId: string }) {
  const commission = useMlmQuery<OrderCommission>(mlmPath`/commissions/${orderId}`, undefined, {
    // While the job waits, look again now and then: the worker usually finishes within seconds.
    refetchInterval: (query) => (query.state.data && query.state.data.record === null ? 5_000 : false),
  })
  if (commission.isPending) return <LoadingState testId="mlm-order-commissions-loading" />
  if (isMlmApiError(commission.error) && commission.error.kind === "not_found") {
    return (
      <EmptyState
        title="No commissions for this order"
        description="The order has not reached the commission pipeline: its buyer is neither a distributor nor referred by one, or the order is still being gathered."
        testId="mlm-order-commissions-empty"
      />
    )
  }
  if (commission.error || !commission.data) {
    return <ErrorState error={commission.error} onRetry={() => void commission.refetch()} testId="mlm-order-commissions-error" />
  }
  const { record, lines, adjustments, job } = commission.data
  const orderLines = lines.filter((line) => line.source_kind === "order")
  const clawbacks = lines.filter((line) => line.source_kind !== "order")
  return (
    <div className="flex flex-col divide-y" data-testid="mlm-order-commissions">
      <JobState job={job} />
      {record ? (
        <div className="grid grid-cols-2 gap-x-4 gap-y-1 px-6 py-4 sm:grid-cols-4" data-testid="mlm-order-record">
          <Fact label="Commissionable value">
            <MoneyText amountMinor={record.cv_minor} currency={record.currency_code} testId="mlm-order-cv" />
          </Fact>
          <Fact label="Net value">
            <MoneyText amountMinor={record.net_cv_minor} currency={record.currency_code} testId="mlm-order-net-cv" />
          </Fact>
          <Fact label="Buyer">
            <span data-testid="mlm-order-buyer-kind">{record.buyer_kind === "none" ? "Not in the network" : record.buyer_kind}</span>
          </Fact>
          <Fact label="Held until">
            <DateText iso={record.hold_until} testId="mlm-order-hold-until" />
          </Fact>
        </div>
      ) : null}
      <LineTable title="Commission lines" lines={orderLines} testId="mlm-order-lines" emptyText={record ? "This order paid no commission." : "No lines until the job has run."} />
      {clawbacks.length > 0 || adjustments.length > 0 ? (
        <>
          <LineTable title="Clawbacks" lines={clawbacks} testId="mlm-order-clawbacks" emptyText="No line was clawed back." />
          <Adjustments adjustments={adjustments} currency={record?.currency_code ?? "USD"} />
        </>
      ) : null}
    </div>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small">{children}</Text>
    </div>
  )
}

function JobState({ job }: { job: OutboxJob | null }) {
  const retry = useMlmMutation((jobKey: string) => mlmPost<{ retried: true }>(mlmPath`/jobs/${jobKey}/retry`, {}), {
    invalidates: ["/commissions", "/jobs"],
  })
  if (!job) {
    return (
      <Text size="small" className="px-6 py-3 text-ui-fg-subtle" data-testid="mlm-order-job-none">
        Commission job: none recorded (the order was processed outside the queue).
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-1 px-6 py-3" data-testid="mlm-order-job" data-job-status={job.status}>
      <div className="flex items-center gap-x-2">
        <Text size="small">Commission job</Text>
        <JobStatusBadge status={job.status} testId="mlm-order-job-status" />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {job.attempts} {job.attempts === 1 ? "attempt" : "attempts"}
        </Text>
      </div>
      {job.last_error ? (
        <Text size="small" className="text-ui-fg-error" data-testid="mlm-order-job-error">
          {job.last_error}
        </Text>
      ) : null}
      {job.status === "failed" ? (
        <Can permission="jobs.write">
          <div>
            <Button size="small" variant="secondary" isLoading={retry.isPending} onClick={() => retry.mutate(job.job_key)} data-testid="mlm-order-job-retry">
              Retry job
            </Button>
          </div>
          {retry.error ? <ErrorState error={retry.error} testId="mlm-order-job-retry-error" /> : null}
        </Can>
      ) : null}
    </div>
  )
}

function LineTable({ title, lines, testId, emptyText }: { title: string; lines: LedgerLine[]; testId: string; emptyText: string }) {
  return (
    <div className="flex flex-col gap-y-2 py-4" data-testid={testId}>
      <Text size="small" weight="plus" className="px-6">
        {title}
      </Text>
      {lines.length === 0 ? (
        <Text size="small" className="px-6 text-ui-fg-subtle" data-testid={`${testId}-empty`}>
          {emptyText}
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Beneficiary</Table.HeaderCell>
              <Table.HeaderCell>Bonus</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Level</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Base</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Rate</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Amount</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {lines.map((line) => (
              <Table.Row key={line.id} data-testid={`${testId}-row`} data-line-id={line.id}>
                <Table.Cell>
                  {line.distributor_id ? (
                    <Link to={adminLinks.mlmDistributor(line.distributor_id)} className="text-ui-fg-interactive" data-testid="mlm-line-beneficiary">
                      {line.distributor_id}
                    </Link>
                  ) : (
                    "–"
                  )}
                </Table.Cell>
                <Table.Cell data-testid="mlm-line-bonus">{line.bonus}</Table.Cell>
                <Table.Cell className="text-right" data-testid="mlm-line-level">
                  {line.level}
                </Table.Cell>
                <Table.Cell className="text-right">
                  {line.base_minor === null ? "–" : <MoneyText amountMinor={line.base_minor} currency={line.currency_code} testId="mlm-line-base" />}
                </Table.Cell>
                <Table.Cell className="text-right">
                  <RateText rateBp={line.rate_bp} testId="mlm-line-rate" />
                </Table.Cell>
                <Table.Cell className="text-right">
                  <MoneyText amountMinor={line.amount_minor} currency={line.currency_code} testId="mlm-line-amount" />
                </Table.Cell>
                <Table.Cell>
                  <LineStatusBadge status={line.status} testId="mlm-line-status" />
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}

const ADJUSTMENT_KIND: Record<CommissionAdjustment["kind"], string> = { refund: "Refund", return: "Return", cancel: "Cancellation", admin: "Manual" }

function Adjustments({ adjustments, currency }: { adjustments: CommissionAdjustment[]; currency: string }) {
  if (adjustments.length === 0) return null
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="mlm-order-adjustments">
      <Text size="small" weight="plus">
        Adjustments
      </Text>
      <ul className="flex flex-col gap-y-1">
        {adjustments.map((adjustment) => (
          <li key={adjustment.id} data-testid="mlm-order-adjustment">
            <Text size="small">
              {ADJUSTMENT_KIND[adjustment.kind] ?? adjustment.kind}: net value{" "}
              <MoneyText amountMinor={adjustment.net_cv_before} currency={currency} /> →{" "}
              <MoneyText amountMinor={adjustment.net_cv_after} currency={currency} /> (<DateText iso={adjustment.created_at} />)
              {adjustment.reason ? ` — ${adjustment.reason}` : ""}
            </Text>
          </li>
        ))}
      </ul>
    </div>
  )
}
