import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { CommissionGateway } from "../../../../modules/mlm/commissions/gateway"
import { nodeOfDistributor } from "../../../../modules/mlm/repositories/statement-sql"
import { mlmService } from "../../../mlm-service"

/** The ledger routes' way into the commission pipeline, and from a distributor id to its ledger key. */

export function commissionGateway(scope: MedusaContainer): Promise<CommissionGateway> {
  return mlmService(scope).commissions()
}

export async function distributorNodeOr404(gateway: CommissionGateway, distributorId: string): Promise<number> {
  const node = await nodeOfDistributor(gateway.db.exec, distributorId)
  if (node === null) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Distributor with id ${distributorId} was not found`)
  }
  return node
}

export function noCommissionRecord(orderId: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} has no commission record`)
}
