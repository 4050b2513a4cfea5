import { Button, Input, Label, Prompt, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useInvalidateMlm } from "../../lib/mlm-query"
import { useStepUp } from "../mfa-gate"
import { DateText } from "../money-text"
import { ErrorState, Section } from "../states"
import { effectiveFromInstant, effectiveFromProblem, localInputValue } from "./activation"
import { IssueList } from "./form-fields"
import type { PlanVersion } from "./plan-types"
import type { PlanEditorState } from "./use-plan-editor"

/**
 * Activation (POST /admin/mlm/plans/:id/activate): appends an immutable version of the saved
 * draft, in force for its currency from `effective_from`. It is a sensitive action: the server
 * wants an MFA challenge from the last 5 minutes, and `withStepUp` asks for a code when it does.
 */

function nextFullHour(): Date {
  const at = new Date()
  at.setMinutes(0, 0, 0)
  at.setHours(at.getHours() + 1)
  return at
}

export function ActivatePanel({ planId, editor }: { planId: string; editor: PlanEditorState }) {
  const [localText, setLocalText] = useState(() => localInputValue(nextFullHour()))
  const [confirming, setConfirming] = useState(false)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [activated, setActivated] = useState<PlanVersion | null>(null)
  const { withStepUp } = useStepUp()
  const invalidate = useInvalidateMlm()

  const instant = effectiveFromInstant(localText)
  const problem = effectiveFromProblem(instant, Date.now())
  const invalidDraft = editor.validation !== null && !editor.validation.valid && editor.validationIsCurrent
  const unpaid = editor.validation !== null && editor.validationIsCurrent ? editor.validation.activation_issues : []

  async function activate() {
    setConfirming(false)
    setError(null)
    setActivated(null)
    setRunning(true)
    try {
      if (!(await editor.ensureSaved())) return
      const { plan_version } = await withStepUp(() => mlmPost<{ plan_version: PlanVersion }>(mlmPath`/plans/${planId}/activate`, { effective_from: instant }))
      setActivated(plan_version)
      await Promise.all([invalidate(`/plans/${planId}/versions`), invalidate("/plan-versions/active")])
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  return (
    <Section title="Activate" testId="plan-activate-panel">
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Activating freezes the saved draft as a new version. From the chosen time it is the plan in force for its currency; versions already
          activated never change. You will be asked for a code from your authenticator app.
        </Text>
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="plan-activate-effective-from" size="xsmall" weight="plus">
              In force from (your time zone)
            </Label>
            <Input
              id="plan-activate-effective-from"
              type="datetime-local"
              size="small"
              value={localText}
              onChange={(event) => setLocalText(event.target.value)}
              data-testid="plan-activate-effective-from"
            />
          </div>
          <Button size="small" disabled={problem !== null || invalidDraft || unpaid.length > 0} isLoading={running} onClick={() => setConfirming(true)} data-testid="plan-activate">
            Activate…
          </Button>
        </div>
        {problem ? (
          <Text size="small" className="text-ui-fg-error" data-testid="plan-activate-problem">
            {problem}
          </Text>
        ) : instant ? (
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="plan-activate-instant">
            Sent as {instant}
          </Text>
        ) : null}
        {invalidDraft ? (
          <Text size="small" className="text-ui-fg-error">
            The draft has validation issues: fix them before activating.
          </Text>
        ) : null}
        {unpaid.length > 0 ? (
          <div className="flex flex-col gap-y-1" data-testid="plan-activation-issues">
            <Text size="small" className="text-ui-fg-error">
              The store would not pay part of this plan: it can be simulated, not activated.
            </Text>
            <IssueList issues={unpaid} testId="plan-activation-issue" />
          </div>
        ) : null}
        {activated ? (
          <Text size="small" data-testid="plan-activate-result" data-version-id={activated.id}>
            Version {activated.version} ({activated.currency_code}) is in force from <DateText iso={activated.effective_from} />.
          </Text>
        ) : null}
      </div>
      {error ? <ErrorState error={error} title="The plan was not activated" testId="plan-activate-error" /> : null}
      <Prompt open={confirming} onOpenChange={(open) => !open && setConfirming(false)}>
        <Prompt.Content data-testid="plan-activate-confirm">
          <Prompt.Header>
            <Prompt.Title>Activate this plan?</Prompt.Title>
            <Prompt.Description>
              {`A new version of the ${editor.dirty ? "draft (saved first)" : "saved draft"} takes effect at ${instant ?? "?"}. It cannot be edited or removed afterwards.`}
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel data-testid="plan-activate-cancel">Cancel</Prompt.Cancel>
            <Prompt.Action onClick={() => void activate()} data-testid="plan-activate-confirm-action">
              Activate
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </Section>
  )
}
