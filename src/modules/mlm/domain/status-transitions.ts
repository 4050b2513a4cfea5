import type { DistributorStatus } from "../types"

/**
 * Terminated is final; every other status may move to any other. Returns why a transition is
 * refused, or null when it is allowed.
 */
export function statusTransitionError(from: DistributorStatus, to: DistributorStatus): string | null {
  if (from === "terminated" && to !== "terminated") {
    return `Distributor is terminated; terminated is final and cannot become ${to}`
  }
  return null
}

/** The reason a sponsor (found by code or id) cannot take new enrollments, or null. */
export function sponsorRefusal(status: DistributorStatus): "suspended" | "terminated" | "pending" | null {
  return status === "active" ? null : status
}
