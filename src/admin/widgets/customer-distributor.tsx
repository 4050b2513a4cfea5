import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, HttpTypes } from "@medusajs/framework/types"
import { DistributorCard } from "../components/distributor-card"
import { MakeDistributor } from "../components/make-distributor"
import { MfaGate } from "../components/mfa-gate"
import { QueryState, Section } from "../components/states"
import { useMlmQuery } from "../lib/mlm-query"
import type { DistributorList } from "../lib/mlm-types"

/**
 * The customer page's MLM card: the customer's distributor (found by customer id), or the
 * "Make distributor" action for a plain customer. Behind the MFA gate like every MLM view.
 */
function CustomerDistributor({ customerId }: { customerId: string }) {
  const found = useMlmQuery<DistributorList>("/distributors", { customer_id: customerId })
  return (
    <QueryState query={found} testId="mlm-customer-distributor">
      {(list) => (list.distributors[0] ? <DistributorCard distributorId={list.distributors[0].id} /> : <MakeDistributor customerId={customerId} />)}
    </QueryState>
  )
}

function CustomerDistributorWidget({ data: customer }: DetailWidgetProps<HttpTypes.AdminCustomer>) {
  return (
    <Section title="MLM distributor" testId="mlm-customer-widget">
      <MfaGate compact>
        <CustomerDistributor customerId={customer.id} />
      </MfaGate>
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-plugin-mlm:customer-distributor",
})

export default CustomerDistributorWidget
