import { Button, Prompt, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmPost } from "../../lib/mlm-api"
import { useMlmMutation } from "../../lib/mlm-query"
import { useStepUp } from "../mfa-gate"
import { ErrorState } from "../states"

/**
 * Resets another account's MFA factor (POST /admin/mlm/security/mfa-resets: roles.write and a
 * step-up challenge): the way out of a permanent lock or a lost device. The account enrolls again
 * at its next request. The caller's own account is replaced at /mfa/enroll, so it gets no button.
 */
export function ResetMfaButton({ actorType, actorId, who }: { actorType: "user" | "customer"; actorId: string; who: string }) {
  const { withStepUp } = useStepUp()
  const [confirming, setConfirming] = useState(false)
  const reset = useMlmMutation(() => withStepUp(() => mlmPost("/security/mfa-resets", { actor_type: actorType, actor_id: actorId })), {
    invalidates: ["/security/summary"],
  })

  return (
    <div className="flex flex-col items-start gap-y-1">
      <Button size="small" variant="secondary" isLoading={reset.isPending} onClick={() => setConfirming(true)} data-testid="mlm-mfa-reset">
        Reset MFA
      </Button>
      {reset.isSuccess ? (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="mlm-mfa-reset-done">
          MFA was reset: {who} enrolls again at the next sign-in.
        </Text>
      ) : null}
      {reset.error ? <ErrorState error={reset.error} title="MFA was not reset" testId="mlm-mfa-reset-error" /> : null}
      <Prompt open={confirming} onOpenChange={(open) => !open && setConfirming(false)}>
        <Prompt.Content data-testid="mlm-mfa-reset-confirm">
          <Prompt.Header>
            <Prompt.Title>Reset the MFA of {who}?</Prompt.Title>
            <Prompt.Description>
              Their authenticator and recovery codes stop working, and every session must enroll a new factor. Do this only
              once you have confirmed who is asking: it is recorded in the audit trail.
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Cancel</Prompt.Cancel>
            <Prompt.Action onClick={() => (setConfirming(false), reset.mutate(undefined))} data-testid="mlm-mfa-reset-action">
              Reset MFA
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}
