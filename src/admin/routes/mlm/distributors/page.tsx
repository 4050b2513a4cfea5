import { defineRouteConfig } from "@medusajs/admin-sdk"
import { DistributorList } from "../../../components/distributors/distributor-list"
import { MfaGate } from "../../../components/mfa-gate"

/** MLM → Distributors: search, filter by status and sponsor, page through the network. */
function DistributorsPage() {
  return (
    <div data-testid="distributors-page">
      <MfaGate framed>
        <DistributorList />
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Distributors", rank: 10 })

export default DistributorsPage
