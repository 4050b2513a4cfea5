/**
 * Seeded network and order-stream generators for the batch path's benchmarks and tests.
 *
 * Every shape is laid out breadth-first for both trees (sponsor and placement): a parent's index
 * is always smaller than its child's, which is what `binary-period.ts` needs for its one reverse
 * sweep. The PRNG is mulberry32 so a seed always gives the same network; nothing reads
 * `Math.random`.
 */
import { LEFT, RIGHT, NO_PARENT, type BatchNetwork, type OrderBatch } from "./network"

export type NetworkShape = "random" | "balanced" | "chain" | "star"

export const NETWORK_SHAPES: readonly NetworkShape[] = ["random", "balanced", "chain", "star"]

/** mulberry32: a 32-bit state PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export interface NetworkOptions {
  shape: NetworkShape
  members: number
  seed: number
  /** Share of members (basis points) terminated; default 0. */
  terminatedBp?: number
  /** Number of ranks to hand out at random (rank index 0..rankCount-1, or none); default 0. */
  rankCount?: number
  /** Largest starting PV per member, drawn uniformly from 0..maxPvMinor; default 0. */
  maxPvMinor?: number
}

export function generateNetwork(options: NetworkOptions): BatchNetwork {
  const size = options.members
  if (!Number.isInteger(size) || size < 1) throw new RangeError("members must be a positive integer")
  const random = mulberry32(options.seed)
  const sponsorIdx = new Int32Array(size)
  const placementParentIdx = new Int32Array(size)
  const placementSide = new Uint8Array(size)
  sponsorIdx[0] = NO_PARENT
  placementParentIdx[0] = NO_PARENT

  switch (options.shape) {
    case "random":
      layRandomTrees(random, sponsorIdx, placementParentIdx, placementSide)
      break
    case "balanced":
    case "star":
      for (let i = 1; i < size; i++) {
        placementParentIdx[i] = (i - 1) >> 1
        placementSide[i] = (i - 1) & 1 ? RIGHT : LEFT
        // A star is every member sponsored by the root and placed by "bfs" inside its subtree,
        // which is exactly the balanced placement tree.
        sponsorIdx[i] = options.shape === "star" ? 0 : (i - 1) >> 1
      }
      break
    case "chain":
      for (let i = 1; i < size; i++) {
        sponsorIdx[i] = i - 1
        placementParentIdx[i] = i - 1
        placementSide[i] = LEFT
      }
      break
  }

  const terminatedBp = options.terminatedBp ?? 0
  const rankCount = options.rankCount ?? 0
  const maxPvMinor = options.maxPvMinor ?? 0
  const terminated = new Uint8Array(size)
  const rankIdx = new Int8Array(size)
  const pvMinor = new Float64Array(size)
  for (let i = 0; i < size; i++) {
    terminated[i] = terminatedBp > 0 && random() * 10000 < terminatedBp ? 1 : 0
    rankIdx[i] = rankCount > 0 ? randomInt(random, -1, rankCount - 1) : -1
    pvMinor[i] = maxPvMinor > 0 ? randomInt(random, 0, maxPvMinor) : 0
  }
  return { size, sponsorIdx, placementParentIdx, placementSide, terminated, rankIdx, pvMinor }
}

/**
 * Random recursive sponsor tree (each member sponsored by a uniformly chosen earlier member) and
 * a random binary placement tree: each member takes a uniformly chosen free slot among all free
 * slots so far. Slots are kept in an array with swap-remove, so this stays linear.
 */
function layRandomTrees(
  random: () => number,
  sponsorIdx: Int32Array,
  placementParentIdx: Int32Array,
  placementSide: Uint8Array
): void {
  const size = sponsorIdx.length
  // Free slot s encodes (parent << 1) | side; at most size + 1 slots are ever free at once.
  const freeSlots = new Int32Array(size + 2)
  let freeCount = 0
  freeSlots[freeCount++] = (0 << 1) | LEFT
  freeSlots[freeCount++] = (0 << 1) | RIGHT
  for (let i = 1; i < size; i++) {
    sponsorIdx[i] = Math.floor(random() * i)
    const pick = Math.floor(random() * freeCount)
    const slot = freeSlots[pick]
    freeSlots[pick] = freeSlots[--freeCount]
    placementParentIdx[i] = slot >> 1
    placementSide[i] = slot & 1
    freeSlots[freeCount++] = (i << 1) | LEFT
    freeSlots[freeCount++] = (i << 1) | RIGHT
  }
}

export interface OrderOptions {
  orders: number
  members: number
  seed: number
  minCvMinor: number
  maxCvMinor: number
  /** When set, every order is bought by this member (e.g. the bottom of a chain). */
  buyerIdx?: number
}

export function generateOrders(options: OrderOptions): OrderBatch {
  const random = mulberry32(options.seed)
  const size = options.orders
  const ownerIdx = new Int32Array(size)
  const cvMinor = new Int32Array(size)
  for (let j = 0; j < size; j++) {
    ownerIdx[j] = options.buyerIdx ?? Math.floor(random() * options.members)
    cvMinor[j] = randomInt(random, options.minCvMinor, options.maxCvMinor)
  }
  return { size, ownerIdx, cvMinor }
}
