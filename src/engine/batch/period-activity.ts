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
  /**
   * Per order, the owner whose activity starts with that order, else -1: the same facts as
   * `activeFromOrder`, read in order sequence so a sweep over the orders needs no random lookup.
   */
  readonly activatedOwnerByOrder: Int32Array
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
  const activatedOwnerByOrder = new Int32Array(orders.size).fill(-1)
  if (activityMinPvMinor === null) {
    for (let j = 0; j < orders.size; j++) pv[ownerIdx[j]] += cvMinor[j]
    return { activeFromOrder, pvAfterMinor: pv, activatedOwnerByOrder }
  }
  const minPvMinor = activityMinPvMinor
  for (let j = 0; j < orders.size; j++) {
    const owner = ownerIdx[j]
    const pvBefore = pv[owner]
    const pvAfter = pvBefore + cvMinor[j]
    pv[owner] = pvAfter
    // CV is never negative, so PV crosses min_pv at exactly one order: the one that lifts it from
    // below to at least min_pv. Testing that needs only the PV just read, not activeFromOrder.
    if (pvBefore < minPvMinor && pvAfter >= minPvMinor && terminated[owner] === 0) {
      activeFromOrder[owner] = j
      activatedOwnerByOrder[j] = owner
    }
  }
  return { activeFromOrder, pvAfterMinor: pv, activatedOwnerByOrder }
}

/** PV after the batch: the period PV `close_period` sees. */
export function pvAfterOrders(network: BatchNetwork, orders: OrderBatch): Float64Array {
  const pv = new Float64Array(network.pvMinor)
  for (let j = 0; j < orders.size; j++) pv[orders.ownerIdx[j]] += orders.cvMinor[j]
  return pv
}
