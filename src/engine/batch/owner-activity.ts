/**
 * `period-activity.ts`'s facts (from which order on each member is active, PV after the batch)
 * computed from orders grouped by owner, with activity in layout numbering.
 *
 * The rule is the same: PV only grows within a batch, so a member not active at the start becomes
 * active at the one order that lifts its PV from below `min_pv` to at least `min_pv`, and stays
 * so; terminated members never are. Each owner's PV is added up in its own order sequence, the
 * same float additions as `periodActivity`, so `pvAfterMinor` is bit-identical.
 */
import type { BatchNetwork, OrderBatch } from "./network"
import type { OrdersByOwner } from "./orders-by-owner"
import { ACTIVE_BEFORE_BATCH, NEVER_ACTIVE } from "./period-activity"
import type { SponsorLayout } from "./sponsor-layout"

export interface OwnerActivity {
  /**
   * First order index for which each layout member is active (`ACTIVE_BEFORE_BATCH`,
   * `NEVER_ACTIVE`); length size + 1, the extra slot (above every root) active throughout.
   */
  readonly activeFrom: Int32Array
  /** PV after every order of the batch, original numbering. */
  readonly pvAfterMinor: Float64Array
}

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const activeBefore = ACTIVE_BEFORE_BATCH
const neverActive = NEVER_ACTIVE
/** Not terminated, below `min_pv` at the start: its own orders decide. */
const PENDING = 2
const ACTIVE = 1
const INACTIVE = 0

export function ownerActivity(
  network: BatchNetwork,
  orders: OrderBatch,
  byOwner: OrdersByOwner,
  layout: SponsorLayout,
  activityMinPvMinor: number | null
): OwnerActivity {
  const size = network.size
  const { oldIdx } = layout
  const startStatus = startingStatus(network, activityMinPvMinor)
  const activeFrom = new Int32Array(size + 1)
  for (let slot = 0; slot < size; slot++) {
    const status = startStatus[oldIdx === null ? slot : oldIdx[slot]]
    activeFrom[slot] = status === ACTIVE ? activeBefore : neverActive
  }
  activeFrom[size] = activeBefore
  const pvAfterMinor = new Float64Array(network.pvMinor)
  const { owner, order } = byOwner
  const { cvMinor } = orders
  const minPvMinor = activityMinPvMinor ?? 0
  let i = 0
  while (i < order.length) {
    const slot = owner[i]
    const member = oldIdx === null ? slot : oldIdx[slot]
    const pending = startStatus[member] === PENDING
    let pv = pvAfterMinor[member]
    for (; i < order.length && owner[i] === slot; i++) {
      const j = order[i]
      const pvBefore = pv
      pv += cvMinor[j]
      if (pending && pvBefore < minPvMinor && pv >= minPvMinor) activeFrom[slot] = j
    }
    pvAfterMinor[member] = pv
  }
  return { activeFrom, pvAfterMinor }
}

/** Per original member: active at the start, never active, or up to its own orders. */
function startingStatus(network: BatchNetwork, activityMinPvMinor: number | null): Uint8Array {
  const { size, terminated, pvMinor } = network
  const status = new Uint8Array(size)
  for (let v = 0; v < size; v++) {
    if (terminated[v] !== 0) status[v] = INACTIVE
    else if (activityMinPvMinor === null || pvMinor[v] >= activityMinPvMinor) status[v] = ACTIVE
    else status[v] = PENDING
  }
  return status
}
