/**
 * The sponsor network as parallel arrays indexed by join order (a member's index is its
 * position among all members in the order they joined). A sponsor or referrer always joined
 * earlier, so sponsor[i] < i: walking indices downwards visits children before parents, which
 * is how period work (GV, stair-step, ranks) stays O(n) without recursion.
 */
import type { Member } from "../types"
import { parseInstantMs } from "../time"

export const NONE = -1

export class Network {
  readonly ids: string[] = []
  readonly indexOf = new Map<string, number>()
  readonly sponsor: number[] = []
  readonly referrer: number[] = []
  readonly isCustomer: boolean[] = []
  readonly terminated: boolean[] = []
  readonly enrolledAtMs: (number | undefined)[] = []
  readonly rank: (string | undefined)[] = []
  /** Personal volume in the open period (spec "Activity"). Write it through setPv. */
  readonly pv: number[] = []
  /** Counts period resets: ranks and every PV change at close_period, so caches rebuild. */
  periodsClosed = 0
  private readonly activityWatchers: ((member: number) => void)[] = []

  constructor(private readonly minPv: number | undefined) {}

  get size(): number {
    return this.ids.length
  }

  add(member: Member): number {
    const index = this.ids.length
    this.ids.push(member.id)
    this.indexOf.set(member.id, index)
    this.sponsor.push(member.sponsor === undefined ? NONE : this.index(member.sponsor))
    this.referrer.push(member.referrer === undefined ? NONE : this.index(member.referrer))
    this.isCustomer.push(member.kind === "customer")
    this.terminated.push(member.status === "terminated")
    this.enrolledAtMs.push(member.enrolled_at === undefined ? undefined : parseInstantMs(member.enrolled_at))
    this.rank.push(member.rank)
    this.pv.push(0)
    return index
  }

  /** `watcher(member)` runs after anything isActive reads changes for that one member. */
  watchActivity(watcher: (member: number) => void): void {
    this.activityWatchers.push(watcher)
  }

  setPv(member: number, pv: number): void {
    this.pv[member] = pv
    for (const watcher of this.activityWatchers) watcher(member)
  }

  terminate(member: number): void {
    this.terminated[member] = true
    for (const watcher of this.activityWatchers) watcher(member)
  }

  /** close_period: PV resets (spec "events"); ranks were set just before. Watchers see periodsClosed. */
  resetPeriod(): void {
    this.pv.fill(0)
    this.periodsClosed++
  }

  index(id: string): number {
    const index = this.indexOf.get(id)
    if (index === undefined) throw new Error(`internal: member "${id}" is not in the network`)
    return index
  }

  /** Whose PV and upline an order counts for: a customer's orders are its referrer's own. */
  owner(buyer: number): number {
    return this.isCustomer[buyer] ? this.referrer[buyer] : buyer
  }

  /** Terminated members and customers never earn (spec "members"). */
  canEarn(member: number): boolean {
    return !this.terminated[member] && !this.isCustomer[member]
  }

  /** Active: PV in the period ≥ activity.min_pv (inclusive); never when terminated. */
  isActive(member: number): boolean {
    if (!this.canEarn(member)) return false
    return this.minPv === undefined || this.pv[member] >= this.minPv
  }
}
