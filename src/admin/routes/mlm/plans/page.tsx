import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { MfaGate } from "../../../components/mfa-gate"
import { PlanList } from "../../../components/plans/plan-list"

/**
 * MLM → Plans: the compensation plans, their versions (the one in force marked) and a new plan.
 * Every role reads plans; only plans.write (admin) creates, edits, simulates and activates.
 */
function PlansPage() {
  return (
    <div className="flex flex-col gap-y-3" data-testid="plans-page">
      <Container className="px-6 py-4">
        <Heading level="h1">Plans</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Compensation plans: edit a draft, try it on a sample of the network, and activate it as a new version.
        </Text>
      </Container>
      <MfaGate framed>
        <PlanList />
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Plans", rank: 30 })

export default PlansPage
