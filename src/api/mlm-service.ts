import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { MLM_MODULE, type DistributorDTO, type MlmModuleService } from "../modules/mlm"

/** The routes' one way into the mlm module, plus the two request-level rules that need its options. */

export function mlmService(scope: MedusaContainer): MlmModuleService {
  return scope.resolve<MlmModuleService>(MLM_MODULE)
}

/**
 * The depth a downline query runs with: the requested one, or the store's bound when none is
 * given. Above the bound (`max_downline_depth`) is a 400, not a silent clamp, so a client learns
 * the limit instead of reading a truncated tree as complete.
 */
export function downlineDepth(mlm: MlmModuleService, requested: number | undefined): number {
  const bound = mlm.getOptions().max_downline_depth
  if (requested === undefined) {
    return bound
  }
  if (requested > bound) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: Value for field 'depth' too big, expected at most: '${bound}'`
    )
  }
  return requested
}

export function retrieveDistributorOr404(mlm: MlmModuleService, distributorId: string): Promise<DistributorDTO> {
  return mlm.getDistributor(distributorId)
}

export async function callerDistributorOr404(
  mlm: MlmModuleService,
  customerId: string
): Promise<DistributorDTO> {
  const distributor = await mlm.retrieveDistributorByCustomer(customerId)
  if (!distributor) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "You are not a distributor")
  }
  return distributor
}

export function referralLink(mlm: MlmModuleService, referralCode: string): string {
  return mlm.referralLink(referralCode)
}

export async function sponsorReferralCode(
  mlm: MlmModuleService,
  distributor: DistributorDTO
): Promise<string | null> {
  return distributor.sponsor_id ? (await mlm.getDistributor(distributor.sponsor_id)).referral_code : null
}
