/**
 * Static links for dynamic compression: for each eligibility threshold (see unilevel-batch.ts),
 * each member's nearest strict ancestor that is eligible for it at some order of the batch.
 *
 * Within a batch members only ever *become* active (period-activity.ts), so the member eligible
 * at order j nearest above v is the first one on v's chain of links that is already active at j:
 * never-eligible members (terminated, below `min_pv` throughout, rank too low) are not on the
 * chain at all, and only members that become active after j are stepped over. In layout
 * numbering a sponsor comes before its members, so the links of every threshold, and the line
 * bounds that size the buckets, are one pass in member order reading the sponsor's entries
 * written before (on the path just walked in pre-order, in sequence breadth-first).
 */
import { NO_PARENT } from "./network"
import { NEVER_ACTIVE } from "./period-activity"

// Read once: some CommonJS loaders (tsx) turn each read of an imported binding into a getter call.
const noParent = NO_PARENT
const neverActive = NEVER_ACTIVE

/**
 * Levels where the eligible set changes: 1, and one past each unlocked depth some member has.
 * `unlockedByRank` is indexed by the rank's Int8 bits.
 */
export function levelThresholds(rankIdx: Int8Array, unlockedByRank: Uint8Array, levelCount: number): number[] {
  const rankSeen = new Uint8Array(256)
  for (let v = 0; v < rankIdx.length; v++) rankSeen[rankIdx[v] & 0xff] = 1
  const levelsSeen = new Uint8Array(256)
  for (let rank = 0; rank < 256; rank++) if (rankSeen[rank]) levelsSeen[unlockedByRank[rank]] = 1
  const thresholds = [1]
  for (let levels = 1; levels < levelCount; levels++) if (levelsSeen[levels]) thresholds.push(levels + 1)
  return thresholds
}

export interface MemberLinks {
  /**
   * `up[g * (size + 1) + v]`: nearest strict ancestor of v eligible for threshold g at some order,
   * or the sentinel `size` (whose own link is itself, and which `activeFrom` marks always active).
   * Empty for `"none"` compression.
   */
  readonly up: Int32Array
  /**
   * Per member, the most lines one of its orders can pay, capped at `levelCount` (≤ 255): the
   * number of ancestors ever eligible at level 1 for dynamic compression, the depth for `"none"`.
   * Sizes the per-order line buffers without a first walk.
   */
  readonly lineBound: Uint8Array
}

/** Both in one pass in member order; `thresholds` null for `"none"` compression. */
export function memberLinks(
  sponsor: Int32Array,
  activeFrom: Int32Array,
  unlocked: Uint8Array,
  thresholds: readonly number[] | null,
  levelCount: number
): MemberLinks {
  const size = sponsor.length
  const stride = size + 1
  const groupCount = thresholds === null ? 0 : thresholds.length
  const threshold = Int32Array.from(thresholds ?? [])
  const up = new Int32Array(groupCount * stride)
  const lineBound = new Uint8Array(size)
  for (let v = 0; v < size; v++) {
    const s = sponsor[v]
    if (s === noParent) {
      for (let base = 0; base < up.length; base += stride) up[base + v] = size
      continue
    }
    const everActive = activeFrom[s] !== neverActive
    for (let g = 0, base = 0; g < groupCount; g++, base += stride) {
      up[base + v] = everActive && unlocked[s] >= threshold[g] ? s : up[base + s]
    }
    const above = lineBound[s] + (groupCount === 0 || (everActive && unlocked[s] >= 1) ? 1 : 0)
    lineBound[v] = above < levelCount ? above : levelCount
  }
  for (let base = 0; base < up.length; base += stride) up[base + size] = size
  return { up, lineBound }
}
