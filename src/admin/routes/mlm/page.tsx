import { defineRouteConfig } from "@medusajs/admin-sdk"
import { UserGroup } from "@medusajs/icons"
import { Container, Heading, Input, Label, Text } from "@medusajs/ui"
import { useState } from "react"
import { MfaGate } from "../../components/mfa-gate"
import { MoneyCard } from "../../components/overview/money-card"
import { NetworkCard } from "../../components/overview/network-card"
import { PeriodRunsCard } from "../../components/overview/period-runs-card"
import { QueueHealth } from "../../components/overview/queue-health"
import { Can, useMlmRole } from "../../components/role-aware"
import { QueryState } from "../../components/states"
import { useMlmQuery } from "../../lib/mlm-query"
import type { Overview } from "../../lib/mlm-types"

/**
 * The MLM area's home (sidebar "MLM"): the network, the period's volume and commissions, the
 * commission queue and the period runs. Money sections show only for roles with money.read;
 * other MLM pages live in sibling folders (routes/mlm/<page>/page.tsx).
 */

function currentMonthKey(): string {
  const now = new Date()
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`
}

function OverviewContent() {
  const [periodKey, setPeriodKey] = useState(currentMonthKey)
  const overview = useMlmQuery<Overview>("/overview", { period_key: periodKey })
  const { role } = useMlmRole()
  return (
    <div className="flex flex-col gap-y-3" data-testid="mlm-overview">
      <Container className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
        <div className="flex flex-col">
          <Heading level="h1">MLM</Heading>
          <Text size="small" className="text-ui-fg-subtle" data-testid="mlm-overview-role">
            {role ? `Signed in with the MLM role ${role}.` : " "}
          </Text>
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="mlm-overview-period" size="small">
            Period (month, UTC)
          </Label>
          <Input
            id="mlm-overview-period"
            type="month"
            size="small"
            value={periodKey}
            onChange={(event) => event.target.value && setPeriodKey(event.target.value)}
            data-testid="mlm-overview-period"
          />
        </div>
      </Container>
      <QueryState query={overview} testId="mlm-overview-figures">
        {(data) => (
          <>
            <NetworkCard overview={data} />
            {data.money ? <MoneyCard money={data.money} periodKey={data.period.key} /> : null}
          </>
        )}
      </QueryState>
      <Can permission="money.read">
        <QueueHealth />
        <PeriodRunsCard />
      </Can>
    </div>
  )
}

function MlmOverviewPage() {
  return (
    <div data-testid="mlm-overview-page">
      <MfaGate framed>
        <OverviewContent />
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "MLM",
  icon: UserGroup,
})

export default MlmOverviewPage
