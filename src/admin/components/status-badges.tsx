import { StatusBadge } from "@medusajs/ui"
import type { DistributorStatus, LedgerLineStatus, OutboxJob, PeriodRunStatus } from "../lib/mlm-types"

/** One colour per state, the same on every MLM page. The label is the state's own word. */

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const DISTRIBUTOR: Record<DistributorStatus, Color> = { active: "green", pending: "orange", suspended: "red", terminated: "grey" }
const LINE: Record<LedgerLineStatus, Color> = { pending: "orange", available: "green", canceled: "grey" }
const JOB: Record<OutboxJob["status"], Color> = { pending: "blue", queued: "blue", done: "green", failed: "red" }
const RUN: Record<PeriodRunStatus, Color> = { queued: "blue", running: "purple", computed: "green", failed: "red", closed: "grey" }

const label = (status: string) => status.charAt(0).toUpperCase() + status.slice(1)

export function DistributorStatusBadge({ status, testId }: { status: DistributorStatus; testId?: string }) {
  return <StatusBadge color={DISTRIBUTOR[status] ?? "grey"} data-testid={testId}>{label(status)}</StatusBadge>
}

export function LineStatusBadge({ status, testId }: { status: LedgerLineStatus; testId?: string }) {
  return <StatusBadge color={LINE[status] ?? "grey"} data-testid={testId}>{label(status)}</StatusBadge>
}

/** pending and queued both mean "waiting for the worker" to an operator. */
export function JobStatusBadge({ status, testId }: { status: OutboxJob["status"]; testId?: string }) {
  return <StatusBadge color={JOB[status] ?? "grey"} data-testid={testId}>{status === "pending" || status === "queued" ? "Queued" : label(status)}</StatusBadge>
}

export function PeriodRunStatusBadge({ status, testId }: { status: PeriodRunStatus; testId?: string }) {
  return <StatusBadge color={RUN[status] ?? "grey"} data-testid={testId}>{label(status)}</StatusBadge>
}
