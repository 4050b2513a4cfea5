/**
 * What can go wrong with a period run, by what the caller should do about it. The admin routes
 * answer NotFound with 404, Request with 400, Closed, State and Input with 409 (the request was
 * fine, the data is not ready: an earlier period open, no plan in force); the queue fails a job
 * at once on any of them, since retrying cannot help.
 */
import { EngineValidationError } from "../../../engine"
import { BatchInputError } from "../../../engine/batch"
import { MemberOrderError } from "./member-order"

export class PeriodRunNotFoundError extends Error {
  constructor(runId: string) {
    super(`Period run ${runId} was not found`)
    this.name = "PeriodRunNotFoundError"
  }
}

export class PeriodRunClosedError extends Error {
  constructor(runId: string, action = "changed") {
    super(`Period run ${runId} is closed: its results are frozen and cannot be ${action}`)
    this.name = "PeriodRunClosedError"
  }
}

/** The request names something that cannot have a run (a period not started, no plan for it): 400. */
export class PeriodRunRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "PeriodRunRequestError"
  }
}

/** The run is not in a state that allows the action (closing a run that is not computed). */
export class PeriodRunStateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "PeriodRunStateError"
  }
}

/** The run cannot be computed as things stand (no plan, an earlier period open, …). */
export class PeriodRunInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "PeriodRunInputError"
  }
}

export function isPermanentRunError(error: unknown): boolean {
  return (
    error instanceof PeriodRunNotFoundError ||
    error instanceof PeriodRunClosedError ||
    error instanceof PeriodRunStateError ||
    error instanceof PeriodRunRequestError ||
    error instanceof PeriodRunInputError ||
    error instanceof BatchInputError ||
    error instanceof EngineValidationError ||
    error instanceof MemberOrderError
  )
}
