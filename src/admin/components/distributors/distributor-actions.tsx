import { Button, Label, Prompt, Text, Textarea } from "@medusajs/ui"
import { useState } from "react"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useInvalidateMlm } from "../../lib/mlm-query"
import type { Distributor, DistributorDetail, DistributorStatus } from "../../lib/mlm-types"
import { NativeSelect } from "../controls/native-select"
import { Can } from "../role-aware"
import { ResetMfaButton } from "../security/reset-mfa"
import { ErrorState, Section } from "../states"
import { DistributorPicker } from "./distributor-picker"
import { statusTargets } from "./distributor-text"

/**
 * Changing a distributor's status and moving it (with its whole subtree) under another sponsor:
 * distributors.write (support, admin). Both need a reason, which the history and the audit trail
 * keep; the server refuses what the tree forbids (a cycle, a terminated sponsor) with its own words.
 * Roles with roles.write may also reset the distributor's back-office MFA factor.
 */

type Detail = DistributorDetail["distributor"]

const REASON_MAX = 500

function ReasonField({ id, value, onChange }: { id: string; value: string; onChange: (text: string) => void }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        Reason (kept in the history)
      </Label>
      <Textarea id={id} rows={2} maxLength={REASON_MAX} value={value} onChange={(event) => onChange(event.target.value)} data-testid={id} />
    </div>
  )
}

export function DistributorActions({ distributor }: { distributor: Detail }) {
  return (
    <Section title="Actions" testId="distributor-actions">
      <div className="grid grid-cols-1 gap-6 px-6 py-4 md:grid-cols-2">
        <StatusAction distributor={distributor} />
        {distributor.is_house ? (
          <Text size="small" className="text-ui-fg-subtle">
            The house is the root of the tree: it cannot be moved.
          </Text>
        ) : (
          <MoveAction distributor={distributor} />
        )}
        {distributor.customer_id ? (
          <Can permission="roles.write">
            <div className="flex flex-col gap-y-2">
              <Text size="small" weight="plus">
                Back-office MFA
              </Text>
              <ResetMfaButton actorType="customer" actorId={distributor.customer_id} who={distributor.referral_code} />
            </div>
          </Can>
        ) : null}
      </div>
    </Section>
  )
}

function StatusAction({ distributor }: { distributor: Detail }) {
  const targets = statusTargets(distributor)
  const [status, setStatus] = useState<DistributorStatus | "">("")
  const [reason, setReason] = useState("")
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const invalidate = useInvalidateMlm()
  if (targets.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="distributor-status-action-none">
        {distributor.is_house ? "The house stays active." : "Terminated is final: the status cannot change."}
      </Text>
    )
  }
  const chosen = status !== "" && targets.includes(status) ? status : ""
  async function submit() {
    if (!chosen || !reason.trim()) return
    setRunning(true)
    setError(null)
    try {
      await mlmPost<{ distributor: Distributor }>(mlmPath`/distributors/${distributor.id}/status`, { status: chosen, reason: reason.trim() })
      setStatus("")
      setReason("")
      await invalidate()
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }
  return (
    <div className="flex flex-col gap-y-3" data-testid="distributor-status-action">
      <Text size="small" weight="plus">
        Change status
      </Text>
      <NativeSelect
        aria-label="New status"
        testId="distributor-status-select"
        value={chosen}
        options={[{ value: "", label: "Choose a status" }, ...targets.map((target) => ({ value: target, label: target }))]}
        onChange={(event) => setStatus(event.target.value as DistributorStatus | "")}
      />
      {chosen === "terminated" ? (
        <Text size="small" className="text-ui-fg-error">
          Terminated is final: it cannot be undone.
        </Text>
      ) : null}
      <ReasonField id="distributor-status-reason" value={reason} onChange={setReason} />
      <div>
        <Button size="small" variant={chosen === "terminated" ? "danger" : "secondary"} disabled={!chosen || !reason.trim()} isLoading={running} onClick={() => void submit()} data-testid="distributor-status-submit">
          Change status
        </Button>
      </div>
      {error ? <ErrorState error={error} title="The status was not changed" testId="distributor-status-error" /> : null}
    </div>
  )
}

function MoveAction({ distributor }: { distributor: Detail }) {
  const [sponsorId, setSponsorId] = useState<string | undefined>(undefined)
  const [reason, setReason] = useState("")
  const [confirming, setConfirming] = useState(false)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const invalidate = useInvalidateMlm()
  const subtree = distributor.downline_counts.reduce((sum, row) => sum + row.count, 0)
  async function move() {
    setConfirming(false)
    if (!sponsorId || !reason.trim()) return
    setRunning(true)
    setError(null)
    try {
      await mlmPost<{ distributor: Distributor }>(mlmPath`/distributors/${distributor.id}/move`, { sponsor_id: sponsorId, reason: reason.trim() })
      setSponsorId(undefined)
      setReason("")
      await invalidate()
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }
  return (
    <div className="flex flex-col gap-y-3" data-testid="distributor-move-action">
      <Text size="small" weight="plus">
        Move under another sponsor
      </Text>
      <DistributorPicker label="New sponsor" value={sponsorId} onChange={setSponsorId} excludeId={distributor.id} testId="distributor-move-sponsor" />
      <ReasonField id="distributor-move-reason" value={reason} onChange={setReason} />
      <div>
        <Button size="small" variant="secondary" disabled={!sponsorId || !reason.trim() || sponsorId === distributor.sponsor_id} isLoading={running} onClick={() => setConfirming(true)} data-testid="distributor-move-submit">
          Move…
        </Button>
      </div>
      {error ? <ErrorState error={error} title="The distributor was not moved" testId="distributor-move-error" /> : null}
      <Prompt open={confirming} onOpenChange={(open) => !open && setConfirming(false)}>
        <Prompt.Content data-testid="distributor-move-confirm">
          <Prompt.Header>
            <Prompt.Title>Move {distributor.referral_code}?</Prompt.Title>
            <Prompt.Description>
              {`${distributor.referral_code} and everyone below it (${subtree} within ${distributor.downline_max_depth} levels) move under the new sponsor. Commissions already paid do not change.`}
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Cancel</Prompt.Cancel>
            <Prompt.Action onClick={() => void move()} data-testid="distributor-move-confirm-action">
              Move
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}
