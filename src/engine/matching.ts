/**
 * Matching (spec "matching", "Period components"): at close_period, a member earns
 * generations_bp[g-1] of the sum of the lines that the named component posted in this period
 * to its generation-g personally sponsored downline (generation 1 = personally sponsored),
 * clawbacks included, so a line can be negative. One line per member and generation.
 * "Lines of a component" are all the bonus names it posts (matrix includes its completion
 * bonus, board its cycle bonus and re-entry fee, stair_step its generation bonus).
 */
import type { Bonus, ComponentOf } from "./types"
import { applyRateBp } from "./money"
import { NONE } from "./replay/network"
import type { ComponentRuntime, ReplayContext } from "./replay/runtime"

const BONUSES_OF: Record<ComponentOf<"matching">["on"], readonly Bonus[]> = {
  unilevel: ["unilevel"],
  retail_profit: ["retail_profit"],
  fast_start: ["fast_start"],
  binary: ["binary"],
  matrix: ["matrix", "matrix_completion"],
  board: ["board_cycle", "board_reentry_fee"],
  stair_step: ["stair_step", "generation"],
  pool: ["pool"],
}

export function matching(component: ComponentOf<"matching">, ctx: ReplayContext): ComponentRuntime {
  const { network, ledger, rounding } = ctx
  const bonuses = new Set<Bonus>(BONUSES_OF[component.on])
  const generations = component.generations_bp

  return {
    onClosePeriod(periodId) {
      // sums[g][upline]: lines earned by upline's generation-(g+1) downline this period.
      const sums = generations.map(() => new Map<number, number>())
      for (let i = ledger.periodStart; i < ledger.lines.length; i++) {
        if (!bonuses.has(ledger.lines[i].bonus)) continue
        let upline = ledger.payees[i]
        for (let g = 0; g < generations.length; g++) {
          upline = network.sponsor[upline]
          if (upline === NONE) break
          sums[g].set(upline, (sums[g].get(upline) ?? 0) + ledger.lines[i].cents)
        }
      }
      for (let member = 0; member < network.size; member++) {
        if (!network.canEarn(member)) continue
        generations.forEach((rateBp, g) => {
          const sum = sums[g].get(member)
          if (sum !== undefined) ledger.post(member, "matching", g + 1, periodId, applyRateBp(sum, rateBp, rounding))
        })
      }
    },
  }
}
