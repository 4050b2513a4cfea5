import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { checkoutEnrollmentInputFromOrder, type OrderEnrollmentFacts } from "./checkout-metadata"
import { recordCheckoutEnrollmentStep } from "./steps/record-checkout-enrollment"

export type EnrollFromOrderInput = { order_id: string }

/**
 * order.placed -> the order's facts (customer, account, referral metadata) -> the mlm module's
 * checkout decision (enrolled / already_distributor / attributed / skipped). A bad referral code
 * is an outcome, not an error: the sale is already made and is never undone by this workflow.
 */
export const enrollFromOrderWorkflow = createWorkflow(
  "mlm-enroll-from-order",
  (input: EnrollFromOrderInput) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "customer_id", "metadata", "customer.id", "customer.has_account", "cart.metadata"],
      filters: { id: input.order_id },
      options: { throwIfKeyNotFound: true },
    })

    const enrollmentInput = transform({ orders }, ({ orders }) =>
      checkoutEnrollmentInputFromOrder(orders[0] as unknown as OrderEnrollmentFacts)
    )

    const outcome = recordCheckoutEnrollmentStep(enrollmentInput)
    return new WorkflowResponse(outcome)
  }
)
