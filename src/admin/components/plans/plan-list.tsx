import { Button, Input, Label, Table, Text } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { Link, useNavigate } from "react-router-dom"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useMlmMutation, useMlmQuery } from "../../lib/mlm-query"
import { NativeSelect } from "../controls/native-select"
import { OffsetPager } from "../controls/pager"
import { DateText } from "../money-text"
import { Can } from "../role-aware"
import { EmptyState, ErrorState, QueryState, Section } from "../states"
import { NEW_PLAN_DRAFT } from "./plan-draft"
import type { Plan, PlanList as PlanListResponse, PlanPeriod, PlanSummary, PlanVersions } from "./plan-types"
import { useActiveVersionIds, versionState, VersionStateBadge } from "./versions-table"

/** Plans, newest first, each with its latest version and whether a version of it is in force. */

export const planEditorPath = (planId: string) => `/mlm/plans/${encodeURIComponent(planId)}`
const PAGE = 20

export function PlanList() {
  const [offset, setOffset] = useState(0)
  const plans = useMlmQuery<PlanListResponse>("/plans", { limit: PAGE, offset })
  return (
    <div className="flex flex-col gap-y-3">
      <Section title="Plans" testId="plan-list">
        <QueryState
          query={plans}
          testId="plan-list"
          isEmpty={(data) => data.plans.length === 0}
          empty={<EmptyState title="No plans yet" description="Create a plan to write a compensation plan, try it and put it in force." testId="plan-list-empty" />}
        >
          {(data) => (
            <>
              <Table>
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>Name</Table.HeaderCell>
                    <Table.HeaderCell>Period</Table.HeaderCell>
                    <Table.HeaderCell>Versions</Table.HeaderCell>
                    <Table.HeaderCell>Draft updated</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {data.plans.map((plan) => (
                    <PlanRow key={plan.id} plan={plan} />
                  ))}
                </Table.Body>
              </Table>
              <OffsetPager count={data.count} limit={data.limit} offset={data.offset} onOffset={setOffset} testId="plan-list-pager" />
            </>
          )}
        </QueryState>
      </Section>
      <Can permission="plans.write">
        <CreatePlan />
      </Can>
    </div>
  )
}

function PlanRow({ plan }: { plan: PlanSummary }) {
  return (
    <Table.Row data-testid="plan-row" data-plan-id={plan.id}>
      <Table.Cell>
        <Link to={planEditorPath(plan.id)} className="text-ui-fg-interactive hover:underline" data-testid="plan-row-link">
          {plan.name}
        </Link>
      </Table.Cell>
      <Table.Cell>{plan.period}</Table.Cell>
      <Table.Cell>
        <PlanVersionsCell planId={plan.id} />
      </Table.Cell>
      <Table.Cell>
        <DateText iso={plan.updated_at} />
      </Table.Cell>
    </Table.Row>
  )
}

function PlanVersionsCell({ planId }: { planId: string }) {
  const versions = useMlmQuery<PlanVersions>(mlmPath`/plans/${planId}/versions`)
  const list = versions.data?.plan_versions ?? []
  const active = useActiveVersionIds(list.map((version) => version.currency_code))
  if (versions.isPending) return <Text size="small">…</Text>
  if (versions.error) return <Text size="small" className="text-ui-fg-error">{versions.error.message}</Text>
  if (list.length === 0) return <Text size="small" className="text-ui-fg-subtle" data-testid="plan-row-versions">Draft only</Text>
  const inForce = list.find((version) => active.ids.has(version.id))
  const latest = list[list.length - 1]
  const shown = inForce ?? latest
  return (
    <div className="flex items-center gap-x-2" data-testid="plan-row-versions">
      <Text size="small">
        {list.length} {list.length === 1 ? "version" : "versions"} · v{shown.version} {shown.currency_code}
      </Text>
      {active.isPending ? null : <VersionStateBadge state={versionState(shown, active.ids, Date.now())} />}
    </div>
  )
}

function CreatePlan() {
  const [name, setName] = useState("")
  const [period, setPeriod] = useState<PlanPeriod>("monthly")
  const navigate = useNavigate()
  const create = useMlmMutation((body: { name: string; period: PlanPeriod }) => mlmPost<{ plan: Plan }>("/plans", { ...body, draft: NEW_PLAN_DRAFT }), {
    invalidates: ["/plans"],
    onSuccess: ({ plan }) => navigate(planEditorPath(plan.id)),
  })
  function submit(event: FormEvent) {
    event.preventDefault()
    if (name.trim()) create.mutate({ name: name.trim(), period })
  }
  return (
    <Section title="New plan" testId="plan-create">
      <form className="flex flex-wrap items-end gap-3 px-6 py-4" onSubmit={submit}>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="plan-create-name" size="xsmall" weight="plus">
            Name
          </Label>
          <Input id="plan-create-name" size="small" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} data-testid="plan-create-name" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="plan-create-period" size="xsmall" weight="plus">
            Commission period
          </Label>
          <NativeSelect
            id="plan-create-period"
            testId="plan-create-period"
            value={period}
            options={[
              { value: "monthly", label: "Monthly" },
              { value: "weekly", label: "Weekly" },
            ]}
            onChange={(event) => setPeriod(event.target.value as PlanPeriod)}
          />
        </div>
        <Button size="small" type="submit" disabled={!name.trim()} isLoading={create.isPending} data-testid="plan-create-submit">
          Create plan
        </Button>
      </form>
      {create.error ? <ErrorState error={create.error} title="The plan was not created" testId="plan-create-error" /> : null}
    </Section>
  )
}
