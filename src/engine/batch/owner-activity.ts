/**
 * `period-activity.ts`'s facts (from which order on each member is active, PV after the batch)
 * computed from orders grouped by owner, with activity in layout numbering.
 *
 * The rule is the same: PV only grows within a batch, so a member not active at the start becomes
 * active at the one order that lifts its PV from below `min_pv` to at least `min_pv`, and stays
 * so; terminated members never are. Each owner's PV is added up in its own order sequence, the
 * same float additions as `periodActivity`, so `pvAfterMinor` is bit-identical.
 */
import type { BatchNetwork } from "./network"
import type { OrdersByOwner } from "./orders-by-owner"
import { ACTIVE_BEFORE_BATCH, NEVER_ACTIVE } from "./period-activity"
import type { SponsorLayout } from "./sponsor-layout"

export interface OwnerActivity {
  /**
   * First order index for which each layout member is active (`ACTIVE_BEFORE_BATCH`,
   * `NEVER_ACTIVE`); length size + 1, the extra slot (above every root) active throughout.
   */
  readonly activeFrom: Int32Array
  /** Levels each layout member may take (`depth_by_rank`). */
  readonly unlocked: Uint8Array
  /** PV after every order of the batch, original numbering. */
  readonly pvAfterMinor: Float64Array
}

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const activeBefore = ACTIVE_BEFORE_BATCH
const neverActive = NEVER_ACTIVE
const STARTS_ACTIVE = 0x100
/** Not terminated, below `min_pv` at the start: its own orders decide. The top bit (`>>> 9`). */
const PENDING = 0x200

/** `unlockedByRank` is indexed by the rank's Int8 bits (`rankIdx & 0xff`). */
export function ownerActivity(
  network: BatchNetwork,
  byOwner: OrdersByOwner,
  layout: SponsorLayout,
  activityMinPvMinor: number | null,
  unlockedByRank: Uint8Array
): OwnerActivity {
  const size = network.size
  const { oldIdx } = layout
  const startOf = memberStart(network, activityMinPvMinor, unlockedByRank)
  const activeFrom = new Int32Array(size + 1)
  const unlocked = new Uint8Array(size)
  // In layout order, so that the pass over the owners reads it in sequence.
  const pending = new Uint8Array(size)
  for (let slot = 0; slot < size; slot++) {
    const start = startOf[oldIdx === null ? slot : oldIdx[slot]]
    activeFrom[slot] = (start & STARTS_ACTIVE) !== 0 ? activeBefore : neverActive
    unlocked[slot] = start & 0xff
    pending[slot] = start >>> 9
  }
  activeFrom[size] = activeBefore
  const pvAfterMinor = new Float64Array(network.pvMinor)
  const { owner, order, cvMinor } = byOwner
  const minPvMinor = activityMinPvMinor ?? 0
  let i = 0
  while (i < order.length) {
    const slot = owner[i]
    const member = oldIdx === null ? slot : oldIdx[slot]
    const decides = pending[slot] !== 0
    let pv = pvAfterMinor[member]
    for (; i < order.length && owner[i] === slot; i++) {
      const j = order[i]
      const pvBefore = pv
      pv += cvMinor[i]
      if (decides && pvBefore < minPvMinor && pv >= minPvMinor) activeFrom[slot] = j
    }
    pvAfterMinor[member] = pv
  }
  return { activeFrom, unlocked, pvAfterMinor }
}

/**
 * Per original member, in one sequential pass: the levels its rank unlocks (low byte) and how it
 * starts the batch (active, never active, or up to its own orders). Where the layout renumbers,
 * each member's start is then one scattered 16-bit read instead of three (one of them 8 bytes).
 */
function memberStart(network: BatchNetwork, activityMinPvMinor: number | null, unlockedByRank: Uint8Array): Uint16Array {
  const { size, terminated, pvMinor, rankIdx } = network
  const start = new Uint16Array(size)
  for (let v = 0; v < size; v++) {
    const state = terminated[v] !== 0 ? 0 : activityMinPvMinor === null || pvMinor[v] >= activityMinPvMinor ? STARTS_ACTIVE : PENDING
    start[v] = unlockedByRank[rankIdx[v] & 0xff] | state
  }
  return start
}
