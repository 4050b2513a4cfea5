import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { periodBounds } from "../../../../../modules/mlm/domain/period-key"
import { selectPeriodVolumes } from "../../../../../modules/mlm/repositories/back-office-volume-sql"
import { callerNodeOr404, inBackOfficeSnapshot, integerOf, planInForce } from "./back-office-access"
import { lastPeriodKeys } from "./period-keys"
import type { StoreVolumesQueryType } from "./validators"

/**
 * The caller's personal (PV) and group volume (GV: own PV plus the whole downline's) for the
 * last N periods of the plan in force, newest first. Summed in SQL over the caller's subtree.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreVolumesQueryType>, res: MedusaResponse) {
  const now = new Date()
  const { periods, currency_code } = req.validatedQuery
  const answer = await inBackOfficeSnapshot(req.scope, async (exec) => {
    const node = await callerNodeOr404(exec, req.auth_context.actor_id)
    const version = await planInForce(exec, currency_code, now)
    const keys = lastPeriodKeys(version.period, now, periods)
    const rows = new Map((await selectPeriodVolumes(exec, node, version.currency_code, keys)).map((row) => [row.period_key, row]))
    return {
      currency_code: version.currency_code,
      plan_version_id: version.id,
      period: version.period,
      volumes: keys.map((key) => {
        const { start, end } = periodBounds(key)
        const row = rows.get(key)
        return {
          period_key: key,
          starts_at: start,
          ends_at: end,
          pv_minor: row ? integerOf(row.pv_minor) : 0,
          gv_minor: row ? integerOf(row.gv_minor) : 0,
        }
      }),
    }
  })
  res.json(answer)
}
