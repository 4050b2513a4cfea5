/**
 * "Nearest upline member that may be paid at level L" for unilevel dynamic compression (spec
 * "unilevel"): active, and with a rank that unlocks L (spec "Ranks"). A plain walk is quadratic
 * on a long run of skipped members (a 100,000-deep chain of inactive members).
 *
 * The whole sponsor tree is known before replaying (the document is whole), so it is cut into
 * heavy paths once: each path takes consecutive positions, top first, and any upline path
 * crosses O(log n) light edges. "Eligible for level L" is a set of positions per distinct
 * `depth_by_rank` threshold (a rank unlocking d levels is eligible up to level d, so the sets
 * are nested); the nearest eligible member on a heavy path is a predecessor query.
 *
 * Cost: build O(n); a query O(log n × log32 n); an activity change O(thresholds × log32 n);
 * a close_period O(n) to re-read every member's activity and rank. Nothing is amortised and
 * nothing depends on the chain's depth.
 */
import type { Member } from "./types"
import { NONE, type Network } from "./replay/network"
import { PredecessorBitset } from "./replay/predecessor-bitset"

export class EligibleUpline {
  private readonly head: Int32Array
  private readonly position: Int32Array
  private readonly memberAt: Int32Array
  /** thresholds[c] ascending, the last one Infinity (members that unlock every level). */
  private readonly thresholds: number[]
  private readonly eligible: PredecessorBitset[]
  /** How many threshold sets each member is in now (a prefix of `eligible`). */
  private readonly inSets: Int32Array
  private periodsClosed: number

  constructor(
    roster: readonly Member[],
    private readonly network: Network,
    private readonly depthByRank: ReadonlyMap<string, number> | undefined
  ) {
    const size = roster.length
    const indexOf = new Map<string, number>()
    roster.forEach((member, i) => indexOf.set(member.id, i))
    const sponsor = new Int32Array(size)
    for (let i = 0; i < size; i++) sponsor[i] = roster[i].sponsor === undefined ? NONE : indexOf.get(roster[i].sponsor!)!

    // Subtree sizes: a sponsor joined earlier, so a downward loop sees children first.
    const subtree = new Int32Array(size).fill(1)
    const heavy = new Int32Array(size).fill(NONE)
    for (let i = size - 1; i >= 0; i--) {
      const up = sponsor[i]
      if (up === NONE) continue
      subtree[up] += subtree[i]
      if (heavy[up] === NONE || subtree[i] > subtree[heavy[up]]) heavy[up] = i
    }
    // Light children start their own path; positions are handed out path by path.
    this.head = new Int32Array(size)
    this.position = new Int32Array(size)
    this.memberAt = new Int32Array(size)
    const heads: number[] = []
    for (let i = 0; i < size; i++) if (sponsor[i] === NONE || heavy[sponsor[i]] !== i) heads.push(i)
    let next = 0
    for (const top of heads) {
      for (let v = top; v !== NONE; v = heavy[v]) {
        this.head[v] = top
        this.position[v] = next
        this.memberAt[next++] = v
      }
    }

    const depths = depthByRank ? [...new Set(depthByRank.values())].sort((a, b) => a - b) : []
    this.thresholds = [...depths, Infinity]
    this.eligible = this.thresholds.map(() => new PredecessorBitset(size))
    this.inSets = new Int32Array(size)
    this.periodsClosed = network.periodsClosed
    network.watchActivity((member) => this.refresh(member))
  }

  /** The nearest member at or above `from` on the sponsor line that may be paid at `level`. */
  nearest(from: number, level: number): number {
    this.catchUpWithPeriod()
    let set = 0
    while (this.thresholds[set] < level) set++
    const eligible = this.eligible[set]
    for (let v = from; v !== NONE; v = this.network.sponsor[this.head[v]]) {
      const found = eligible.floor(this.position[v])
      if (found >= this.position[this.head[v]]) return this.memberAt[found]
    }
    return NONE
  }

  /** Re-reads one member's activity and rank (a join, a PV change, a termination). */
  refresh(member: number): void {
    const sets = this.setsFor(member)
    const before = this.inSets[member]
    for (let c = before; c < sets; c++) this.eligible[c].add(this.position[member])
    for (let c = sets; c < before; c++) this.eligible[c].delete(this.position[member])
    this.inSets[member] = sets
  }

  private setsFor(member: number): number {
    if (!this.network.isActive(member)) return 0
    const rank = this.network.rank[member]
    const depth = rank === undefined ? undefined : this.depthByRank?.get(rank)
    if (depth === undefined) return this.thresholds.length
    let sets = 0
    while (this.thresholds[sets] <= depth) sets++
    return sets
  }

  /** After close_period every PV is reset and ranks may have moved: re-read all members. */
  private catchUpWithPeriod(): void {
    if (this.periodsClosed === this.network.periodsClosed) return
    this.periodsClosed = this.network.periodsClosed
    for (let member = 0; member < this.network.size; member++) this.refresh(member)
  }
}
