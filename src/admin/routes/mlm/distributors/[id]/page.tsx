import { ArrowLeft } from "@medusajs/icons"
import { Link, useParams } from "react-router-dom"
import { DistributorDetailView } from "../../../../components/distributors/distributor-detail"
import { MfaGate } from "../../../../components/mfa-gate"
import { QueryState } from "../../../../components/states"
import { mlmPath } from "../../../../lib/mlm-http"
import { useMlmQuery } from "../../../../lib/mlm-query"
import type { DistributorDetail } from "../../../../lib/mlm-types"

/** MLM → Distributors → one distributor (the per-level counts reach the store's depth bound). */
function DistributorContent({ distributorId }: { distributorId: string }) {
  const detail = useMlmQuery<DistributorDetail>(mlmPath`/distributors/${distributorId}`)
  return (
    <QueryState query={detail} testId="distributor-detail">
      {(data) => <DistributorDetailView distributor={data.distributor} />}
    </QueryState>
  )
}

function DistributorPage() {
  const { id } = useParams()
  return (
    <div className="flex flex-col gap-y-3" data-testid="distributor-page">
      <Link to="/mlm/distributors" className="text-ui-fg-subtle txt-compact-small flex items-center gap-x-1" data-testid="distributor-back">
        <ArrowLeft /> Distributors
      </Link>
      <MfaGate framed>{id ? <DistributorContent distributorId={id} /> : null}</MfaGate>
    </div>
  )
}

export default DistributorPage
