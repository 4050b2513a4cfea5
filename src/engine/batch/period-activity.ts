/**
 * When each member becomes active during a batch of orders.
 *
 * Spec, Activity: per-order components use the PV as it stands when the order is processed, the
 * order's own CV included; terminated members are never active. Within a batch PV only grows
 * (orders add, nothing subtracts), so a member is active for every order from the first one that
 * lifts its PV to `min_pv` on: one index per member describes the whole batch.
 */
import type { BatchNetwork, OrderBatch } from "./network"

/** `activeFromOrder[v]` for a member active before the first order. */
export const ACTIVE_BEFORE_BATCH = -1
/** `activeFromOrder[v]` for a member never active in the batch. */
export const NEVER_ACTIVE = 0x7fffffff

export interface PeriodActivity {
  /** First order index for which the member is active (or the two constants above). */
  readonly activeFromOrder: Int32Array
  /** PV after every order of the batch. */
  readonly pvAfterMinor: Float64Array
}

export function periodActivity(
  network: BatchNetwork,
  orders: OrderBatch,
  activityMinPvMinor: number | null
): PeriodActivity {
  const { size, terminated } = network
  const pv = new Float64Array(network.pvMinor)
  const activeFromOrder = new Int32Array(size)
  for (let v = 0; v < size; v++) {
    const active = terminated[v] === 0 && (activityMinPvMinor === null || pv[v] >= activityMinPvMinor)
    activeFromOrder[v] = active ? ACTIVE_BEFORE_BATCH : NEVER_ACTIVE
  }
  const { ownerIdx, cvMinor } = orders
  for (let j = 0; j < orders.size; j++) {
    const owner = ownerIdx[j]
    const ownerPv = (pv[owner] += cvMinor[j])
    if (activityMinPvMinor !== null && activeFromOrder[owner] === NEVER_ACTIVE && terminated[owner] === 0 && ownerPv >= activityMinPvMinor) {
      activeFromOrder[owner] = j
    }
  }
  return { activeFromOrder, pvAfterMinor: pv }
}

/** PV after the batch: the period PV `close_period` sees. */
export function pvAfterOrders(network: BatchNetwork, orders: OrderBatch): Float64Array {
  const pv = new Float64Array(network.pvMinor)
  for (let j = 0; j < orders.size; j++) pv[orders.ownerIdx[j]] += orders.cvMinor[j]
  return pv
}
