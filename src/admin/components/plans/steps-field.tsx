import { Plus, Trash } from "@medusajs/icons"
import { Button, IconButton, Label } from "@medusajs/ui"
import type { ReactNode } from "react"
import { fieldTestId, IntField, IssueList, TextField, usePlanForm } from "./form-fields"
import type { DraftPath } from "./plan-draft"
import { issuesAt } from "./plan-issues"

/**
 * Lists of small objects in the plan: stair-step steps (`{ min_pgv, rate_bp }`, strictly
 * increasing min_pgv) and ranks (`{ name, min_pv?, min_gv?, max_leg_share_bp? }`, lowest first).
 * Each row's fields sit at their own paths, so their issues show beside them.
 */

function ObjectList({
  label,
  path,
  newItem,
  itemLabel,
  renderItem,
  removeKeyWhenEmpty = false,
}: {
  label: string
  path: DraftPath
  newItem: (count: number) => Record<string, unknown>
  itemLabel: (index: number) => string
  renderItem: (at: DraftPath) => ReactNode
  /** An empty list the schema refuses (ranks: "at least one") is left out instead. */
  removeKeyWhenEmpty?: boolean
}) {
  const { issues, readOnly, valueAt, write } = usePlanForm()
  const list = valueAt(path)
  const items = Array.isArray(list) ? list : []
  const id = fieldTestId(path)
  return (
    <fieldset className="flex flex-col gap-y-2" data-testid={id}>
      <Label size="xsmall" weight="plus">
        {label}
      </Label>
      {items.map((_, index) => (
        <div key={index} className="border-ui-border-base flex items-start gap-x-2 rounded-md border p-3" data-testid={`${id}-${index}`}>
          <div className="flex flex-1 flex-col gap-y-2">
            <Label size="xsmall" className="text-ui-fg-subtle">
              {itemLabel(index)}
            </Label>
            {renderItem([...path, index])}
            <IssueList issues={issuesAt(issues, [...path, index])} />
          </div>
          {!readOnly ? (
            <IconButton
              size="small"
              variant="transparent"
              aria-label={`Remove ${itemLabel(index)}`}
              onClick={() => write(removeKeyWhenEmpty && items.length === 1 ? path : [...path, index], undefined)}
              data-testid={`${id}-remove-${index}`}
            >
              <Trash />
            </IconButton>
          ) : null}
        </div>
      ))}
      {!readOnly ? (
        <div>
          <Button size="small" variant="secondary" type="button" onClick={() => write([...path, items.length], newItem(items.length))} data-testid={`${id}-add`}>
            <Plus /> Add
          </Button>
        </div>
      ) : null}
      <IssueList issues={issuesAt(issues, path)} testId={`${id}-issues`} />
    </fieldset>
  )
}

export function StepsField({ path }: { path: DraftPath }) {
  const { valueAt } = usePlanForm()
  return (
    <ObjectList
      label="Steps (lowest personal group volume first)"
      path={path}
      itemLabel={(index) => `Step ${index + 1}`}
      newItem={(count) => {
        const last = valueAt([...path, count - 1, "min_pgv"])
        return { min_pgv: typeof last === "number" ? last + 100000 : 0, rate_bp: 0 }
      }}
      renderItem={(at) => (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <IntField label="From group volume" path={[...at, "min_pgv"]} unit="minor" />
          <IntField label="Rate" path={[...at, "rate_bp"]} unit="bp" />
        </div>
      )}
    />
  )
}

export function RanksField() {
  return (
    <ObjectList
      label="Ranks (lowest first; a member holds the highest it qualifies for)"
      path={["ranks"]}
      removeKeyWhenEmpty
      itemLabel={(index) => `Rank ${index + 1}`}
      newItem={(count) => ({ name: `rank ${count + 1}` })}
      renderItem={(at) => (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <TextField label="Name" path={[...at, "name"]} />
          <IntField label="Personal volume (at least)" path={[...at, "min_pv"]} unit="minor" />
          <IntField label="Group volume (at least)" path={[...at, "min_gv"]} unit="minor" />
          <IntField label="Largest share of group volume from one leg" path={[...at, "max_leg_share_bp"]} unit="bp" />
        </div>
      )}
    />
  )
}
