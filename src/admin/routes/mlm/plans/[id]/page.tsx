import { ArrowLeft } from "@medusajs/icons"
import { useParams, Link } from "react-router-dom"
import { MfaGate } from "../../../../components/mfa-gate"
import { PlanEditor } from "../../../../components/plans/plan-editor"
import type { Plan } from "../../../../components/plans/plan-types"
import { QueryState } from "../../../../components/states"
import { mlmPath } from "../../../../lib/mlm-http"
import { useMlmQuery } from "../../../../lib/mlm-query"

/** MLM → Plans → one plan: the draft editor, simulation, activation and versions. */
function PlanContent({ planId }: { planId: string }) {
  const plan = useMlmQuery<{ plan: Plan }>(mlmPath`/plans/${planId}`)
  // Keyed by id: the working copy starts from what the server holds and survives refetches.
  return (
    <QueryState query={plan} testId="plan-detail">
      {(data) => <PlanEditor key={data.plan.id} plan={data.plan} />}
    </QueryState>
  )
}

function PlanPage() {
  const { id } = useParams()
  return (
    <div className="flex flex-col gap-y-3" data-testid="plan-page">
      <Link to="/mlm/plans" className="text-ui-fg-subtle txt-compact-small flex items-center gap-x-1" data-testid="plan-back">
        <ArrowLeft /> Plans
      </Link>
      <MfaGate framed>{id ? <PlanContent planId={id} /> : null}</MfaGate>
    </div>
  )
}

export default PlanPage
