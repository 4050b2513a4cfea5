/** A failed commission job as BullMQ keeps it (commissions/queue.ts). */
export const FAILED_JOB_FIELDS = ["id", "name", "failed_reason", "attempts_made", "failed_at", "order_id"] as const

export const failedJobsQueryConfig = {
  defaults: [...FAILED_JOB_FIELDS],
  allowed: [...FAILED_JOB_FIELDS],
  defaultLimit: 20,
  isList: true,
}

export const jobsStatusQueryConfig = {
  defaults: ["queue_configured", "worker_running", "queue", "outbox"],
  allowed: ["queue_configured", "worker_running", "queue", "outbox"],
  isList: false,
}
