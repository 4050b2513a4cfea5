import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MLM_MODULE } from "../../../modules/mlm"
import type MlmModuleService from "../../../modules/mlm/service"
import type { CheckoutEnrollmentInput } from "../checkout-metadata"

/**
 * Hands the checkout decision to the mlm module, which is idempotent per order: a second
 * delivery of `order.placed` returns the first outcome and changes nothing.
 *
 * No compensation: this is the workflow's last step, and its row is the audit record of what
 * happened at checkout. An enrollment that should not stand is corrected by an admin status
 * change (recorded), never by deleting the fact.
 */
export const recordCheckoutEnrollmentStep = createStep(
  "mlm-record-checkout-enrollment",
  async (input: CheckoutEnrollmentInput, { container }) => {
    const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
    const outcome = await mlm.recordCheckoutEnrollment(input)
    return new StepResponse(outcome)
  }
)
