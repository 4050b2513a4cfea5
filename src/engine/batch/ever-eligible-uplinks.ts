/**
 * Static links for dynamic compression: for each eligibility threshold (see unilevel-batch.ts),
 * each member's nearest strict ancestor that is eligible for it at some order of the batch.
 *
 * Within a batch members only ever *become* active (period-activity.ts), so the member eligible
 * at order j nearest above v is the first one on v's chain of links that is already active at j:
 * never-eligible members (terminated, below `min_pv` throughout, rank too low) are not on the
 * chain at all, and only members that become active after j are stepped over. In layout
 * numbering a sponsor comes before its members, so each array is one pass in member order that
 * reads its sponsors' entries just written (in sequence, for breadth-first layouts).
 */
import { NO_PARENT } from "./network"
import { NEVER_ACTIVE } from "./period-activity"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const noParent = NO_PARENT
const neverActive = NEVER_ACTIVE

/** Levels where the eligible set changes: 1, and one past each rank's unlocked depth. */
export function levelThresholds(unlocked: Uint8Array, levelCount: number): number[] {
  const seen = new Uint8Array(256)
  for (let v = 0; v < unlocked.length; v++) seen[unlocked[v]] = 1
  const thresholds = [1]
  for (let levels = 1; levels < levelCount; levels++) if (seen[levels]) thresholds.push(levels + 1)
  return thresholds
}

/**
 * `up[g * (size + 1) + v]`: nearest strict ancestor of v eligible for threshold g at some order,
 * or the sentinel `size` (whose own link is itself, and which `activeFrom` marks always active).
 */
export function everEligibleUplinks(
  sponsor: Int32Array,
  activeFrom: Int32Array,
  unlocked: Uint8Array,
  thresholds: readonly number[]
): Int32Array {
  const size = sponsor.length
  const stride = size + 1
  const up = new Int32Array(thresholds.length * stride)
  thresholds.forEach((threshold, g) => {
    const base = g * stride
    for (let v = 0; v < size; v++) {
      const s = sponsor[v]
      if (s === noParent) up[base + v] = size
      else up[base + v] = activeFrom[s] !== neverActive && unlocked[s] >= threshold ? s : up[base + s]
    }
    up[base + size] = size
  })
  return up
}

/**
 * Per member, the most lines one of its orders can pay, capped at `levelCount` (≤ 255): the
 * number of ancestors that are ever eligible at level 1 for dynamic compression, the depth for
 * `"none"`. Sizes the per-order line buffers without a first walk.
 */
export function lineBound(sponsor: Int32Array, activeFrom: Int32Array, unlocked: Uint8Array, levelCount: number, dynamic: boolean): Uint8Array {
  const size = sponsor.length
  const bound = new Uint8Array(size)
  for (let v = 0; v < size; v++) {
    const s = sponsor[v]
    if (s === noParent) continue
    const counts = !dynamic || (activeFrom[s] !== neverActive && unlocked[s] >= 1)
    const above = bound[s] + (counts ? 1 : 0)
    bound[v] = above < levelCount ? above : levelCount
  }
  return bound
}
