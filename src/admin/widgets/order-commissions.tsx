import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { MfaGate } from "../components/mfa-gate"
import { OrderCommissionView } from "../components/order-commission-view"
import { Can } from "../components/role-aware"
import { EmptyState, Section } from "../components/states"

/**
 * The order page's MLM section: the commission lines the order produced, clawbacks, and its
 * commission job. Money: only roles with money.read see it (the server refuses the others).
 */
function OrderCommissionsWidget({ data: order }: DetailWidgetProps<HttpTypes.AdminOrder>) {
  return (
    <Section title="MLM commissions" testId="mlm-order-widget">
      <MfaGate compact>
        <Can
          permission="money.read"
          fallback={<EmptyState title="Commissions are hidden" description="Your MLM role does not include money." testId="mlm-order-no-permission" />}
        >
          <OrderCommissionView orderId={order.id} />
        </Can>
      </MfaGate>
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
  id: "medusa-plugin-mlm:order-commissions",
})

export default OrderCommissionsWidget
