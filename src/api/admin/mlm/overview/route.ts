import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { periodBounds, periodKeyOf } from "../../../../modules/mlm/domain/period-key"
import { mlmService } from "../../../mlm-service"
import { mlmAccessOf } from "../../../security/permission-middleware"
import { roleGrants } from "../../../security/permissions"
import { selectCommissions, selectNetwork, selectVolume } from "./overview-sql"
import type { AdminOverviewQueryType } from "./validators"

/** Sums arrive as bigint text; they leave as integers, as every amount of the API does. */
function integer(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`Overview sum ${text} is not a safe integer`)
  return value
}

/**
 * The MLM overview for one period (default: the current UTC month): network size, who joined,
 * and, for roles that may read money (permission money.read), the period's order volume and
 * commissions by status. A role without money.read gets the same answer without `money`.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminOverviewQueryType>, res: MedusaResponse) {
  const periodKey = req.validatedQuery.period_key ?? periodKeyOf("monthly", new Date())
  const { start, end } = periodBounds(periodKey)
  const window = { start, end, periodKey }
  const exec = (await mlmService(req.scope).commissions()).db.exec
  const seesMoney = roleGrants(mlmAccessOf(req)!.role, "money.read")

  const [network, volume, commissions] = await Promise.all([
    selectNetwork(exec, window),
    seesMoney ? selectVolume(exec, window) : null,
    seesMoney ? selectCommissions(exec, window) : null,
  ])
  res.json({
    period: { key: periodKey, start: start.toISOString(), end: end.toISOString() },
    network: {
      distributors: network.reduce((sum, row) => sum + row.distributors, 0),
      by_status: Object.fromEntries(network.map((row) => [row.status, row.distributors])),
      new_in_period: network.reduce((sum, row) => sum + row.new_in_period, 0),
    },
    ...(volume && commissions
      ? {
          money: {
            volume: volume.map((row) => ({
              currency_code: row.currency_code,
              orders: row.orders,
              cv_minor: integer(row.cv_minor),
              net_cv_minor: integer(row.net_cv_minor),
            })),
            commissions: commissions.map((row) => ({
              currency_code: row.currency_code,
              status: row.status,
              lines: row.lines,
              amount_minor: integer(row.amount_minor),
            })),
          },
        }
      : {}),
  })
}
