import { LockClosedSolid } from "@medusajs/icons"
import { Button, Container, Prompt, Text } from "@medusajs/ui"
import { useQueryClient } from "@tanstack/react-query"
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react"
import { mlmPost } from "../lib/mlm-api"
import { isMlmApiError } from "../lib/mlm-http"
import { MFA_STATUS_KEY, MLM_QUERY_ROOT, useMlmQuery } from "../lib/mlm-query"
import type { MfaConfirmation, MfaEnrollment, MfaStatus, MfaVerification } from "../lib/mlm-types"
import { MfaCodeForm, MfaRecoveryCodes, MfaSecret, useCountdown, type CodeSubmission } from "./mfa-forms"
import { ErrorState, LoadingState } from "./states"

/**
 * Every MLM page and widget renders inside <MfaGate>: the plugin refuses every /admin/mlm route
 * until this login session completed a challenge of the plugin's own TOTP factor
 * (docs/security.md "MFA and abuse limits"). The gate reads /admin/mlm/mfa/status and shows, in
 * place of the content: enrollment (secret and setup link as text, then a code, then the recovery
 * codes once), a code prompt, or the lock. Actions that need a challenge from the last 5
 * minutes run through `useStepUp().withStepUp(action)`, which asks for a fresh code on the
 * server's step-up 403 and retries the action once.
 */

type StepUp = { withStepUp: <T>(action: () => Promise<T>) => Promise<T> }

const StepUpContext = createContext<StepUp | null>(null)

/** Outside a gate the action just runs (the server still refuses it without a recent challenge). */
export function useStepUp(): StepUp {
  return useContext(StepUpContext) ?? { withStepUp: (action) => action() }
}

function useRefreshAfterChallenge() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: [MLM_QUERY_ROOT] })
}

function verifyChallenge(submission: CodeSubmission) {
  return mlmPost<MfaVerification>("/mfa/verify", submission)
}

/**
 * `compact` for widgets (inside a card already); `framed` for pages, whose prompt needs a card
 * of its own.
 */
export function MfaGate({ children, compact = false, framed = false }: { children: ReactNode; compact?: boolean; framed?: boolean }) {
  const status = useMlmQuery<MfaStatus>("/mfa/status", undefined, { staleTime: 30_000 })
  // Kept here, not derived from the status: once confirmed, the status says "done", but the
  // codes must stay on screen until the user says they saved them.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const refresh = useRefreshAfterChallenge()

  let body: ReactNode
  if (recoveryCodes) {
    body = <MfaRecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
  } else if (status.isPending) {
    return (
      <Frame framed={framed}>
        <LoadingState label="Checking MFA…" testId="mlm-mfa-loading" />
      </Frame>
    )
  } else if (status.error || !status.data) {
    return (
      <Frame framed={framed}>
        <ErrorState error={status.error} onRetry={() => void status.refetch()} testId="mlm-mfa-status-error" />
      </Frame>
    )
  } else {
    const mfa = status.data.mfa
    // A lock stops new codes, not a challenge this session already completed.
    if (mfa.factor === "confirmed" && mfa.challenge) {
      return <StepUpProvider>{children}</StepUpProvider>
    }
    if (mfa.locked_for_seconds !== null && mfa.locked_for_seconds !== 0) {
      body = <MfaLocked seconds={mfa.locked_for_seconds} onUnlocked={() => void status.refetch()} />
    } else if (mfa.factor === "confirmed") {
      body = (
        <>
          <Text size="small">Enter the code from your authenticator app to open the MLM area for this session.</Text>
          <MfaCodeForm
            allowRecoveryCode
            onSubmit={async (submission) => {
              await verifyChallenge(submission)
              await refresh()
            }}
          />
        </>
      )
    } else {
      body = (
        <MfaEnrollment
          pending={mfa.factor === "pending"}
          onConfirmed={async (codes) => {
            setRecoveryCodes(codes)
            await refresh()
          }}
        />
      )
    }
  }
  return (
    <Frame framed={framed}>
      <div className={compact ? "flex flex-col gap-y-3 px-6 py-4" : "flex flex-col gap-y-4 px-6 py-6"} data-testid="mlm-mfa-gate">
        <div className="flex items-center gap-x-2">
          <LockClosedSolid className="text-ui-fg-subtle" />
          <Text size="small" weight="plus">
            Two-step verification
          </Text>
        </div>
        {body}
      </div>
    </Frame>
  )
}

function Frame({ framed, children }: { framed: boolean; children: ReactNode }) {
  return framed ? <Container className="p-0">{children}</Container> : <>{children}</>
}

function MfaLocked({ seconds, onUnlocked }: { seconds: number; onUnlocked: () => void }) {
  const left = useCountdown(seconds > 0 ? seconds : undefined)
  if (seconds < 0) {
    return (
      <Text size="small" className="text-ui-fg-error" data-testid="mlm-mfa-locked">
        MFA is locked after too many failed attempts: an administrator must reset it.
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-2" data-testid="mlm-mfa-locked">
      <Text size="small" className="text-ui-fg-error">
        Too many failed MFA attempts.
      </Text>
      <Text size="small" data-testid="mlm-mfa-locked-retry-after">
        {left > 0 ? `Try again in ${left} seconds.` : "You can try again now."}
      </Text>
      {left === 0 ? (
        <div>
          <Button size="small" variant="secondary" onClick={onUnlocked} data-testid="mlm-mfa-locked-retry">
            Try again
          </Button>
        </div>
      ) : null}
    </div>
  )
}

function MfaEnrollment({ pending, onConfirmed }: { pending: boolean; onConfirmed: (recoveryCodes: string[]) => Promise<void> }) {
  const [enrollment, setEnrollment] = useState<MfaEnrollment | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [starting, setStarting] = useState(false)

  async function start() {
    setStarting(true)
    setError(null)
    try {
      setEnrollment(await mlmPost<MfaEnrollment>("/mfa/enroll", {}))
    } catch (caught) {
      setError(caught)
    } finally {
      setStarting(false)
    }
  }

  async function confirm(submission: CodeSubmission) {
    if (!("code" in submission)) return
    const confirmation = await mlmPost<MfaConfirmation>("/mfa/enroll/confirm", { code: submission.code })
    await onConfirmed(confirmation.recovery_codes)
  }

  return (
    <div className="flex flex-col gap-y-3">
      {enrollment ? (
        <MfaSecret secret={enrollment.secret} otpauthUri={enrollment.otpauth_uri} />
      ) : (
        <Text size="small">
          {pending
            ? "Your authenticator is not confirmed yet. Enter the code your app shows to finish, or start again for a new secret key."
            : "The MLM area needs two-step verification. Set up an authenticator app for your account to continue."}
        </Text>
      )}
      {enrollment || pending ? <MfaCodeForm submitLabel="Confirm" onSubmit={confirm} testId="mlm-mfa" /> : null}
      {error ? <ErrorState error={error} testId="mlm-mfa-enroll-error" /> : null}
      {!enrollment ? (
        <div>
          <Button size="small" variant={pending ? "secondary" : "primary"} isLoading={starting} onClick={() => void start()} data-testid="mlm-mfa-enroll-start">
            {pending ? "Start again" : "Set up authenticator app"}
          </Button>
        </div>
      ) : null}
    </div>
  )
}

/** Asks for a fresh code when the server wants a recent challenge, then retries the action once. */
function StepUpProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const waiting = useRef<{ resolve: () => void; reject: (error: unknown) => void } | null>(null)
  const queryClient = useQueryClient()

  const askForCode = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        waiting.current = { resolve, reject }
        setOpen(true)
      }),
    []
  )

  const withStepUp = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action()
      } catch (error) {
        if (!isMlmApiError(error) || !error.needsStepUp) throw error
        await askForCode()
        return action()
      }
    },
    [askForCode]
  )

  function close(outcome: "verified" | "canceled") {
    const pending = waiting.current
    waiting.current = null
    setOpen(false)
    if (outcome === "verified") pending?.resolve()
    else pending?.reject(new Error("Verification canceled"))
  }

  return (
    <StepUpContext.Provider value={{ withStepUp }}>
      {children}
      <Prompt open={open} onOpenChange={(next) => !next && close("canceled")}>
        <Prompt.Content data-testid="mlm-mfa-step-up">
          <Prompt.Header>
            <Prompt.Title>Confirm it is you</Prompt.Title>
            <Prompt.Description>This action needs a code from your authenticator app from the last 5 minutes.</Prompt.Description>
          </Prompt.Header>
          <div className="px-6 pb-4">
            <MfaCodeForm
              allowRecoveryCode
              testId="mlm-mfa-step-up"
              onSubmit={async (submission) => {
                await verifyChallenge(submission)
                await queryClient.invalidateQueries({ queryKey: MFA_STATUS_KEY })
                close("verified")
              }}
            />
          </div>
          <Prompt.Footer>
            <Prompt.Cancel data-testid="mlm-mfa-step-up-cancel">Cancel</Prompt.Cancel>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </StepUpContext.Provider>
  )
}
