import { Badge, Button, Code, Container, Heading, Input, Label, Tabs, Text } from "@medusajs/ui"
import { NativeSelect } from "../controls/native-select"
import { useCan } from "../role-aware"
import { ErrorState } from "../states"
import { ActivatePanel } from "./activate-panel"
import { PlanFormProvider } from "./form-fields"
import { JsonTab } from "./json-tab"
import { PlanForm } from "./plan-form"
import type { Plan, PlanIssue } from "./plan-types"
import { SimulatePanel } from "./simulate-panel"
import { usePlanEditor, type PlanEditorState } from "./use-plan-editor"
import { VersionsTable } from "./versions-table"

/**
 * One plan: its draft as a form or as JSON with the server's validation issues at their paths,
 * a what-if run on a sample or an uploaded network, activation, and the versions activated so
 * far. Roles without plans.write read the draft and its issues; the form is read-only for them.
 */
export function PlanEditor({ plan }: { plan: Plan }) {
  const canWrite = useCan("plans.write")
  const editor = usePlanEditor(plan, canWrite)
  return (
    <div className="flex flex-col gap-y-3" data-testid="plan-editor" data-plan-id={plan.id}>
      <EditorHeader plan={plan} editor={editor} canWrite={canWrite} />
      <IssuesSummary editor={editor} />
      <Tabs defaultValue="form">
        <Tabs.List>
          <Tabs.Trigger value="form" data-testid="plan-tab-form">
            Form
          </Tabs.Trigger>
          <Tabs.Trigger value="json" data-testid="plan-tab-json">
            JSON
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="form" className="pt-3">
          <PlanFormProvider value={{ draft: editor.draft, setDraft: editor.setDraft, issues: editor.validation?.issues ?? [], readOnly: !canWrite }}>
            <PlanForm />
          </PlanFormProvider>
        </Tabs.Content>
        <Tabs.Content value="json" className="pt-3">
          <Container className="px-6 py-4">
            <JsonTab draft={editor.draft} setDraft={editor.setDraft} readOnly={!canWrite} />
          </Container>
        </Tabs.Content>
      </Tabs>
      {canWrite ? (
        <>
          <SimulatePanel planId={plan.id} draft={editor.draft} ensureSaved={editor.ensureSaved} />
          <ActivatePanel planId={plan.id} editor={editor} />
        </>
      ) : null}
      <VersionsTable planId={plan.id} onLoadDraft={canWrite ? editor.setDraft : undefined} />
    </div>
  )
}

function EditorHeader({ plan, editor, canWrite }: { plan: Plan; editor: PlanEditorState; canWrite: boolean }) {
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1" data-testid="plan-name">
            {plan.name}
          </Heading>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {plan.id}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Text size="small" className="text-ui-fg-subtle" data-testid="plan-save-state">
            {editor.dirty ? "Unsaved changes" : "Saved"}
          </Text>
          <Button size="small" variant="secondary" isLoading={editor.validating} onClick={() => void editor.ensureSaved().then((ok) => (ok ? editor.validate() : null))} data-testid="plan-validate">
            Validate
          </Button>
          {canWrite ? (
            <Button size="small" disabled={!editor.dirty} isLoading={editor.saving} onClick={() => void editor.save()} data-testid="plan-save">
              Save draft
            </Button>
          ) : null}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="plan-meta-name" size="xsmall" weight="plus">
            Name
          </Label>
          <Input id="plan-meta-name" size="small" value={editor.name} disabled={!canWrite} onChange={(event) => editor.setName(event.target.value)} data-testid="plan-meta-name" />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="plan-meta-period" size="xsmall" weight="plus">
            Commission period
          </Label>
          <NativeSelect
            id="plan-meta-period"
            testId="plan-meta-period"
            value={editor.period}
            disabled={!canWrite}
            options={[
              { value: "monthly", label: "Monthly" },
              { value: "weekly", label: "Weekly" },
            ]}
            onChange={(event) => editor.setPeriod(event.target.value as PlanEditorState["period"])}
          />
        </div>
      </div>
      {editor.saveError ? <ErrorState error={editor.saveError} title="The draft was not saved" testId="plan-save-error" /> : null}
    </Container>
  )
}

function IssuesSummary({ editor }: { editor: PlanEditorState }) {
  const { validation, validationError, validationIsCurrent } = editor
  let status: { color: "green" | "red" | "grey"; text: string }
  if (!validation) status = { color: "grey", text: validationError ? "Not validated" : "Validating…" }
  else if (validation.valid) status = { color: "green", text: "Valid" }
  else status = { color: "red", text: `${validation.issues.length} ${validation.issues.length === 1 ? "issue" : "issues"}` }
  return (
    <Container className="flex flex-col gap-y-2 px-6 py-4" data-testid="plan-issues">
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">
          Validation
        </Text>
        <Badge size="2xsmall" color={status.color} data-testid="plan-validation-status" data-valid={validation ? String(validation.valid) : ""}>
          {status.text}
        </Badge>
        {validation && !validationIsCurrent ? (
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="plan-validation-stale">
            of the saved draft; save or validate to check your changes
          </Text>
        ) : null}
      </div>
      {validationError ? <ErrorState error={validationError} title="Validation failed" testId="plan-validation-error" /> : null}
      {validation && validation.issues.length > 0 ? <IssueRows issues={validation.issues} /> : null}
    </Container>
  )
}

function IssueRows({ issues }: { issues: readonly PlanIssue[] }) {
  return (
    <ul className="flex flex-col gap-y-1">
      {issues.map((issue, index) => (
        <li key={index} className="flex flex-wrap items-baseline gap-x-2" data-testid="plan-issue" data-issue-path={issue.path}>
          <Code className="text-xs">{issue.path}</Code>
          <Text size="small" className="text-ui-fg-error">
            {issue.message}
          </Text>
        </li>
      ))}
    </ul>
  )
}
