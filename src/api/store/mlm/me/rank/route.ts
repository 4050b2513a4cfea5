import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { periodKeyOf } from "../../../../../modules/mlm/domain/period-key"
import { selectRankVolumes, type RankVolumeRow } from "../../../../../modules/mlm/repositories/back-office-volume-sql"
import { callerNodeOr404, inBackOfficeSnapshot, integerOf, planInForce } from "../volumes/back-office-access"
import { lastInstantOf, periodKindOf } from "../volumes/period-keys"
import { legCapOf, rankCard, type LegCap, type RankVolumes } from "./rank-progress"
import type { StoreRankQueryType } from "./validators"

/**
 * The caller's rank report card: its rank, the plan's rank requirements and its progress in the
 * period, from volumes summed in SQL over its own subtree only.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreRankQueryType>, res: MedusaResponse) {
  const now = new Date()
  const { currency_code, period_key } = req.validatedQuery
  // A past period is measured under the plan it closes under (in force at its last instant).
  const at = period_key && lastInstantOf(period_key) < now ? lastInstantOf(period_key) : now
  const card = await inBackOfficeSnapshot(req.scope, async (exec) => {
    const node = await callerNodeOr404(exec, req.auth_context.actor_id)
    const version = await planInForce(exec, currency_code, at)
    if (period_key && periodKindOf(period_key) !== version.period) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid request: the ${version.currency_code} plan's periods are ${version.period}: period_key ${period_key} is not one`
      )
    }
    const periodKey = period_key ?? periodKeyOf(version.period, now)
    const ranks = version.plan.ranks ?? []
    const caps = ranks
      .map((rank, index) => ({ index, cap: legCapOf(rank) }))
      .filter((entry): entry is { index: number; cap: LegCap } => entry.cap !== null)
    const row = await selectRankVolumes(exec, node, version.currency_code, periodKey, caps.map((entry) => entry.cap.wholeMinor))
    return {
      currency_code: version.currency_code,
      plan_version_id: version.id,
      period_key: periodKey,
      ...rankCard(ranks, node.rank, rankVolumesOf(row, caps)),
    }
  })
  res.json({ rank_card: card })
}

function rankVolumesOf(row: RankVolumeRow, caps: readonly { index: number }[]): RankVolumes {
  const largestLeg =
    row.largest_leg_id !== null && row.largest_leg_referral_code !== null && row.largest_leg_gv_minor !== null
      ? { distributorId: row.largest_leg_id, referralCode: row.largest_leg_referral_code, gvMinor: integerOf(row.largest_leg_gv_minor) }
      : null
  return {
    pvMinor: integerOf(row.pv_minor),
    gvMinor: integerOf(row.gv_minor),
    legsWithVolume: integerOf(row.legs_with_volume),
    largestLeg,
    capped: new Map(
      caps.map((entry, i) => [entry.index, { wholeMinor: integerOf(row.capped_whole_minor[i]), legs: integerOf(row.capped_legs[i]) }])
    ),
  }
}
