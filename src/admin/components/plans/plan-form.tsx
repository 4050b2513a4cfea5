import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Badge, Button, Container, Heading, IconButton, Input, Label, Text } from "@medusajs/ui"
import { useState } from "react"
import { NativeSelect } from "../controls/native-select"
import { ComponentForm } from "./component-forms"
import { ChoiceField, fieldTestId, IssueList, TextField, unitEcho, usePlanForm } from "./form-fields"
import {
  addableComponentTypes,
  COMPONENT_LABELS,
  componentsOf,
  inputFromValue,
  integerFromInput,
  isComponentType,
  isRecord,
  moveAt,
  newComponent,
  type ComponentType,
} from "./plan-draft"
import { issuesAt, issuesWithin } from "./plan-issues"
import { RanksField } from "./steps-field"

/**
 * The plan as a form: currency, rounding, activity and ranks, then one card per component in
 * the order the engine applies them (period components run in that order too, so the order
 * matters: matching after the component it names).
 */

export function PlanForm() {
  return (
    <div className="flex flex-col gap-y-3" data-testid="plan-form">
      <GeneralCard />
      <ComponentCards />
    </div>
  )
}

function GeneralCard() {
  const { draft } = usePlanForm()
  const currency = typeof draft.currency === "string" ? draft.currency : "USD"
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="plan-form-general">
      <Heading level="h3">Plan</Heading>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <TextField label="Currency (ISO 4217)" path={["currency"]} transform={(text) => text.toUpperCase()} />
        <ChoiceField label="Rounding of each line" path={["rounding"]} options={["half_up", "half_even"]} defaultLabel="default (half_up)" />
        <ActivityField currency={currency} />
      </div>
      <RanksField />
    </Container>
  )
}

/** `activity` is `{ min_pv }` or absent (every member active): clearing the field removes it. */
function ActivityField({ currency }: { currency: string }) {
  const { issues, readOnly, valueAt, write } = usePlanForm()
  const value = valueAt(["activity", "min_pv"])
  const activity = valueAt(["activity"])
  const id = fieldTestId(["activity", "min_pv"])
  const echo = unitEcho(value, "minor", currency)
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        Active from personal volume (minor units)
      </Label>
      <div className="flex items-center gap-x-2">
        <Input
          id={id}
          size="small"
          inputMode="numeric"
          placeholder="every member is active"
          value={inputFromValue(value)}
          disabled={readOnly}
          onChange={(event) => {
            const next = integerFromInput(event.target.value)
            write(["activity"], next === undefined ? undefined : { ...(isRecord(activity) ? activity : {}), min_pv: next })
          }}
          data-testid={id}
        />
        {echo ? (
          <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap">
            {echo}
          </Text>
        ) : null}
      </div>
      <IssueList issues={[...issuesAt(issues, ["activity"]), ...issuesAt(issues, ["activity", "min_pv"])]} testId={`${id}-issues`} />
    </div>
  )
}

function ComponentCards() {
  const { draft, issues, readOnly, setDraft, write } = usePlanForm()
  const components = componentsOf(draft)
  const addable = addableComponentTypes(draft)
  const [adding, setAdding] = useState<ComponentType | "">("")
  const choice: ComponentType | undefined = adding !== "" && addable.includes(adding) ? adding : addable[0]
  return (
    <div className="flex flex-col gap-y-3" data-testid="plan-form-components">
      <IssueList issues={issuesAt(issues, ["components"])} testId="plan-field-components-issues" />
      {components.length === 0 ? (
        <Container className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle" data-testid="plan-form-no-components">
            No components yet: the plan pays nothing. Add one below.
          </Text>
        </Container>
      ) : null}
      {components.map(({ index, type }) => {
        const at = ["components", index] as const
        const within = issuesWithin(issues, at)
        return (
          <Container key={index} className="flex flex-col gap-y-4 px-6 py-4" data-testid={`plan-component-${index}`} data-component-type={type ?? ""}>
            <div className="flex items-center justify-between gap-x-2">
              <div className="flex items-center gap-x-2">
                <Heading level="h3">{isComponentType(type) ? COMPONENT_LABELS[type] : `Component ${index + 1}`}</Heading>
                <Text size="xsmall" className="text-ui-fg-muted">
                  components[{index}]
                </Text>
                {within.length > 0 ? (
                  <Badge size="2xsmall" color="red" data-testid={`plan-component-${index}-issue-count`}>
                    {within.length} {within.length === 1 ? "issue" : "issues"}
                  </Badge>
                ) : null}
              </div>
              {!readOnly ? (
                <div className="flex items-center gap-x-1">
                  <IconButton size="small" variant="transparent" aria-label="Move up" disabled={index === 0} onClick={() => setDraft(moveAt(draft, ["components"], index, index - 1))} data-testid={`plan-component-${index}-up`}>
                    <ArrowUpMini />
                  </IconButton>
                  <IconButton size="small" variant="transparent" aria-label="Move down" disabled={index === components.length - 1} onClick={() => setDraft(moveAt(draft, ["components"], index, index + 1))} data-testid={`plan-component-${index}-down`}>
                    <ArrowDownMini />
                  </IconButton>
                  <IconButton size="small" variant="transparent" aria-label="Remove component" onClick={() => write(at, undefined)} data-testid={`plan-component-${index}-remove`}>
                    <Trash />
                  </IconButton>
                </div>
              ) : null}
            </div>
            <IssueList issues={[...issuesAt(issues, at), ...issuesAt(issues, [...at, "type"])]} testId={`plan-component-${index}-issues`} />
            {isComponentType(type) ? (
              <ComponentForm type={type} at={at} />
            ) : (
              <Text size="small" className="text-ui-fg-subtle">
                {type === null ? "This entry has no type." : `"${type}" is not a component type the engine knows.`} Fix it in the JSON tab, or remove it.
              </Text>
            )}
          </Container>
        )
      })}
      {!readOnly && addable.length > 0 ? (
        <Container className="flex items-end gap-x-2 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="plan-component-add-type" size="xsmall" weight="plus">
              Add a component
            </Label>
            <NativeSelect
              id="plan-component-add-type"
              testId="plan-component-add-type"
              value={choice ?? ""}
              options={addable.map((type) => ({ value: type, label: COMPONENT_LABELS[type] }))}
              onChange={(event) => setAdding(event.target.value as ComponentType)}
            />
          </div>
          <Button size="small" variant="secondary" type="button" disabled={!choice} onClick={() => choice && write(["components", components.length], newComponent(choice))} data-testid="plan-component-add">
            <Plus /> Add
          </Button>
        </Container>
      ) : null}
    </div>
  )
}
