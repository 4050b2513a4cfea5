import { Plus, Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Label, Text } from "@medusajs/ui"
import { createContext, useContext, useState, type ReactNode } from "react"
import { formatBasisPoints, formatMinor } from "../../lib/money"
import { NativeSelect } from "../controls/native-select"
import { getAt, inputFromValue, integerFromInput, isRecord, setAt, type Draft, type DraftPath } from "./plan-draft"
import { issuesAt } from "./plan-issues"
import type { PlanIssue } from "./plan-types"
import { addEntry, removeEntry, renameKey } from "./record-edit"

/**
 * The plan form's fields. Each one reads and writes the draft at its path through the form
 * context and shows the server's issues at exactly that path (plan-issues.ts). Rates are basis
 * points and money minor units, typed as whole numbers and echoed formatted beside the input.
 */

export type PlanFormState = {
  draft: Draft
  setDraft: (next: Draft) => void
  issues: readonly PlanIssue[]
  readOnly: boolean
}

const PlanFormContext = createContext<PlanFormState | null>(null)

export function PlanFormProvider({ value, children }: { value: PlanFormState; children: ReactNode }) {
  return <PlanFormContext.Provider value={value}>{children}</PlanFormContext.Provider>
}

export function usePlanForm(): PlanFormState & { valueAt: (path: DraftPath) => unknown; write: (path: DraftPath, value: unknown) => void } {
  const form = useContext(PlanFormContext)
  if (!form) throw new Error("Plan form fields must render inside <PlanFormProvider>")
  return { ...form, valueAt: (path) => getAt(form.draft, path), write: (path, value) => form.setDraft(setAt(form.draft, path, value)) }
}

/** A test id from a path: `plan-field-components-0-levels_bp-2`. */
export function fieldTestId(path: DraftPath): string {
  return `plan-field-${path.map((key) => String(key).replace(/[^A-Za-z0-9_]/g, "_")).join("-")}`
}

export function IssueList({ issues, testId }: { issues: readonly PlanIssue[]; testId?: string }) {
  if (issues.length === 0) return null
  return (
    <ul className="flex flex-col gap-y-0.5" data-testid={testId}>
      {issues.map((issue, index) => (
        <li key={index} data-issue-path={issue.path}>
          <Text size="xsmall" className="text-ui-fg-error">
            {issue.message}
          </Text>
        </li>
      ))}
    </ul>
  )
}

export type Unit = "bp" | "minor" | "count"

/** The value as a reader checks it: "10%" for 1000 bp, "$12.50" for 1250 minor units. */
export function unitEcho(value: unknown, unit: Unit, currency: string): string | null {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) return null
  try {
    if (unit === "bp") return formatBasisPoints(value)
    if (unit === "minor") return formatMinor(value, currency)
  } catch {
    return null
  }
  return null
}

function currencyOf(draft: Draft): string {
  return typeof draft.currency === "string" && /^[A-Z]{3}$/.test(draft.currency) ? draft.currency : "USD"
}

export function IntField({ label, path, unit = "count", hint }: { label: string; path: DraftPath; unit?: Unit; hint?: string }) {
  const { draft, issues, readOnly, valueAt, write } = usePlanForm()
  const value = valueAt(path)
  const id = fieldTestId(path)
  const echo = unitEcho(value, unit, currencyOf(draft))
  const fieldIssues = issuesAt(issues, path)
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {label}
        {unit === "bp" ? " (basis points)" : unit === "minor" ? " (minor units)" : ""}
      </Label>
      <div className="flex items-center gap-x-2">
        <Input
          id={id}
          size="small"
          inputMode="numeric"
          value={inputFromValue(value)}
          disabled={readOnly}
          aria-invalid={fieldIssues.length > 0}
          onChange={(event) => write(path, integerFromInput(event.target.value))}
          data-testid={id}
        />
        {echo ? (
          <Text size="xsmall" className="text-ui-fg-subtle whitespace-nowrap" data-testid={`${id}-echo`}>
            {echo}
          </Text>
        ) : null}
      </div>
      {hint ? (
        <Text size="xsmall" className="text-ui-fg-muted">
          {hint}
        </Text>
      ) : null}
      <IssueList issues={fieldIssues} testId={`${id}-issues`} />
    </div>
  )
}

/** A choice among the engine's values; "" leaves the key out (the engine's default applies). */
export function ChoiceField({ label, path, options, defaultLabel }: { label: string; path: DraftPath; options: readonly string[]; defaultLabel?: string }) {
  const { issues, readOnly, valueAt, write } = usePlanForm()
  const value = valueAt(path)
  const id = fieldTestId(path)
  const current = typeof value === "string" ? value : ""
  // A value the list does not know (a typo in the JSON tab) stays selectable, so it is visible.
  const known = current === "" || options.includes(current) ? options : [...options, current]
  const choices = [...(defaultLabel !== undefined ? [{ value: "", label: defaultLabel }] : []), ...known.map((option) => ({ value: option, label: option }))]
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {label}
      </Label>
      <NativeSelect id={id} testId={id} value={current} disabled={readOnly} options={choices} onChange={(event) => write(path, event.target.value === "" ? undefined : event.target.value)} />
      <IssueList issues={issuesAt(issues, path)} testId={`${id}-issues`} />
    </div>
  )
}

export function TextField({ label, path, transform }: { label: string; path: DraftPath; transform?: (text: string) => string }) {
  const { issues, readOnly, valueAt, write } = usePlanForm()
  const value = valueAt(path)
  const id = fieldTestId(path)
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {label}
      </Label>
      <Input
        id={id}
        size="small"
        value={typeof value === "string" ? value : inputFromValue(value)}
        disabled={readOnly}
        onChange={(event) => write(path, event.target.value === "" ? undefined : (transform ?? ((text: string) => text))(event.target.value))}
        data-testid={id}
      />
      <IssueList issues={issuesAt(issues, path)} testId={`${id}-issues`} />
    </div>
  )
}

/** A list of rates (levels, generations): one basis-point input per entry, added and removed at the end. */
export function RateListField({ label, path, itemLabel, newRate = 0 }: { label: string; path: DraftPath; itemLabel: (index: number) => string; newRate?: number }) {
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
        <div key={index} className="flex items-start gap-x-2">
          <div className="flex-1">
            <IntField label={itemLabel(index)} path={[...path, index]} unit="bp" />
          </div>
          {!readOnly ? (
            <IconButton size="small" variant="transparent" aria-label={`Remove ${itemLabel(index)}`} onClick={() => write([...path, index], undefined)} data-testid={`${id}-remove-${index}`}>
              <Trash />
            </IconButton>
          ) : null}
        </div>
      ))}
      {!readOnly ? (
        <div>
          <Button size="small" variant="secondary" type="button" onClick={() => write([...path, items.length], newRate)} data-testid={`${id}-add`}>
            <Plus /> Add
          </Button>
        </div>
      ) : null}
      <IssueList issues={issuesAt(issues, path)} testId={`${id}-issues`} />
    </fieldset>
  )
}

/** A JSON object of name → whole number (depth_by_rank, shares), edited row by row. */
export function RecordField({ label, path, keyLabel, valueLabel, newKey, newValue }: { label: string; path: DraftPath; keyLabel: string; valueLabel: string; newKey: string; newValue: number }) {
  const { issues, readOnly, valueAt, write } = usePlanForm()
  const raw = valueAt(path)
  const record = isRecord(raw) ? raw : {}
  const id = fieldTestId(path)
  const [renameError, setRenameError] = useState<{ key: string; error: string } | null>(null)
  return (
    <fieldset className="flex flex-col gap-y-2" data-testid={id}>
      <Label size="xsmall" weight="plus">
        {label}
      </Label>
      {Object.entries(record).map(([key, value], index) => (
        // Keyed by name too: a renamed row remounts, so its name input shows the new name.
        <div key={`${index}:${key}`} className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Input
              size="small"
              aria-label={keyLabel}
              defaultValue={key}
              disabled={readOnly}
              onBlur={(event) => {
                const renamed = renameKey(record, key, event.target.value)
                if (renamed.ok) {
                  setRenameError(null)
                  write(path, renamed.record)
                } else {
                  setRenameError({ key, error: renamed.error })
                  event.target.value = key
                }
              }}
              data-testid={`${id}-key-${index}`}
            />
            <Input
              size="small"
              aria-label={`${valueLabel} of ${key}`}
              inputMode="numeric"
              value={inputFromValue(value)}
              disabled={readOnly}
              onChange={(event) => write([...path, key], integerFromInput(event.target.value) ?? "")}
              data-testid={`${id}-value-${index}`}
            />
            {!readOnly ? (
              <IconButton size="small" variant="transparent" aria-label={`Remove ${key}`} onClick={() => write(path, removeEntry(record, key))} data-testid={`${id}-remove-${index}`}>
                <Trash />
              </IconButton>
            ) : null}
          </div>
          {renameError?.key === key ? (
            <Text size="xsmall" className="text-ui-fg-error">
              {renameError.error}
            </Text>
          ) : null}
          <IssueList issues={issuesAt(issues, [...path, key])} testId={`${id}-issues-${index}`} />
        </div>
      ))}
      {!readOnly ? (
        <div>
          <Button size="small" variant="secondary" type="button" onClick={() => write(path, addEntry(record, newKey, newValue))} data-testid={`${id}-add`}>
            <Plus /> Add
          </Button>
        </div>
      ) : null}
      <IssueList issues={issuesAt(issues, path)} testId={`${id}-issues`} />
    </fieldset>
  )
}
