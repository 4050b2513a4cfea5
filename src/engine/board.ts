/**
 * Boards (spec "board"): boards of `width` and `depth` with seats in level order. A joiner
 * takes the next empty seat of the oldest open board (the first joiner opens B1 at its top).
 * When the bottom row fills, the top earns cycle_bonus_cents, the board closes and splits into
 * `width` boards, each topped by a second-row member with its own subtree, and the top
 * re-enters before any later joiner, paying reentry_fee_cents. A terminated top earns nothing
 * and does not re-enter; the board still splits (spec "Period components").
 *
 * Boards only close when full and only the oldest open board receives members, so the open
 * boards form a FIFO queue in creation (= id) order.
 */
import type { ComponentOf, SimulationResult } from "./types"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

const EMPTY = -1

interface Board {
  id: string
  seats: number[]
  filled: number
}

export function board(component: ComponentOf<"board">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger } = ctx
  const { width, depth } = component
  let seatCount = 0
  for (let level = 0, row = 1; level <= depth; level++, row *= width) seatCount += row
  const open: Board[] = []
  let head = 0
  let boardsCreated = 0

  const createBoard = (topSubtree: number[]): Board => {
    const seats = new Array<number>(seatCount).fill(EMPTY)
    topSubtree.forEach((member, seat) => (seats[seat] = member))
    const created = { id: `B${++boardsCreated}`, seats, filled: topSubtree.length }
    open.push(created)
    return created
  }

  /** The subtree of `rootSeat` in level order, one level less deep than the board. */
  const subtreeInLevelOrder = (closed: Board, rootSeat: number): number[] => {
    const members: number[] = []
    let level = [rootSeat]
    for (let d = 0; d < depth; d++) {
      const next: number[] = []
      for (const seat of level) {
        members.push(closed.seats[seat])
        for (let c = 1; c <= width; c++) next.push(seat * width + c)
      }
      level = next
    }
    return members
  }

  const cycle = (full: Board): number | undefined => {
    head++
    for (let j = 1; j <= width; j++) createBoard(subtreeInLevelOrder(full, j))
    const top = full.seats[0]
    if (!network.canEarn(top)) return undefined
    ledger.post(top, "board_cycle", undefined, full.id, component.cycle_bonus_cents)
    ledger.post(top, "board_reentry_fee", undefined, full.id, -component.reentry_fee_cents)
    return top
  }

  const seat = (member: number): number | undefined => {
    if (head === open.length) {
      createBoard([member])
      return undefined
    }
    const target = open[head]
    target.seats[target.filled++] = member
    return target.filled === seatCount ? cycle(target) : undefined
  }

  return {
    onJoin({ member }) {
      // A cycled top re-enters before any later joiner, and its re-entry may cycle again.
      for (let next: number | undefined = member; next !== undefined; ) next = seat(next)
    },

    report(result: SimulationResult) {
      result.boards = open.slice(head).map((b) => ({ id: b.id, seats: b.seats.map((m) => (m === EMPTY ? null : network.ids[m])) }))
    },
  }
}
