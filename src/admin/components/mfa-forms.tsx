import { Button, Code, Copy, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { isMlmApiError } from "../lib/mlm-http"

/**
 * The pieces of the MFA gate (mfa-gate.tsx): the 6-digit code form (with recovery codes as the
 * way out), the enrollment secret shown as text, and the recovery codes shown once. Refusals
 * show the server's own message, the attempts left before the lock, and the wait of a 429.
 */

const SIX_DIGITS = /^\d{6}$/

/** Seconds left of a wait that started at `seconds`; 0 when none. */
export function useCountdown(seconds: number | undefined): number {
  const [left, setLeft] = useState(seconds ?? 0)
  useEffect(() => {
    setLeft(seconds ?? 0)
    if (!seconds || seconds <= 0) return
    const startedAt = Date.now()
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - startedAt) / 1000))
      setLeft(remaining)
      if (remaining === 0) clearInterval(timer)
    }, 1000)
    return () => clearInterval(timer)
  }, [seconds])
  return left
}

export type CodeSubmission = { code: string } | { recovery_code: string }

export function MfaCodeForm({
  onSubmit,
  submitLabel = "Verify",
  allowRecoveryCode = false,
  testId = "mlm-mfa",
}: {
  onSubmit: (submission: CodeSubmission) => Promise<unknown>
  submitLabel?: string
  allowRecoveryCode?: boolean
  testId?: string
}) {
  const [useRecovery, setUseRecovery] = useState(false)
  const [value, setValue] = useState("")
  const [error, setError] = useState<unknown>(null)
  const [pending, setPending] = useState(false)
  const retryAfter = useCountdown(isMlmApiError(error) ? error.retryAfterSeconds : undefined)

  const trimmed = value.trim()
  const valid = useRecovery ? trimmed.length >= 16 : SIX_DIGITS.test(trimmed)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid || pending || retryAfter > 0) return
    setPending(true)
    setError(null)
    try {
      await onSubmit(useRecovery ? { recovery_code: trimmed } : { code: trimmed })
      setValue("")
    } catch (caught) {
      setError(caught)
      setValue("")
    } finally {
      setPending(false)
    }
  }

  const attemptsLeft = isMlmApiError(error) ? error.attemptsBeforeLock : undefined
  return (
    <form className="flex flex-col gap-y-3" onSubmit={submit} data-testid={`${testId}-form`}>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={`${testId}-code`} size="small">
          {useRecovery ? "Recovery code" : "6-digit code from your authenticator app"}
        </Label>
        <Input
          id={`${testId}-code`}
          autoComplete="one-time-code"
          inputMode={useRecovery ? "text" : "numeric"}
          maxLength={useRecovery ? 32 : 6}
          placeholder={useRecovery ? "ABCD-EFGH-JKLM-NPQR" : "123456"}
          value={value}
          onChange={(event) => setValue(useRecovery ? event.target.value : event.target.value.replace(/\D/g, ""))}
          data-testid={useRecovery ? `${testId}-recovery-input` : `${testId}-code-input`}
        />
      </div>
      {error ? (
        <div role="alert" className="flex flex-col gap-y-1" data-testid={`${testId}-error`}>
          <Text size="small" className="text-ui-fg-error">
            {error instanceof Error ? error.message : String(error)}
          </Text>
          {attemptsLeft !== undefined ? (
            <Text size="small" className="text-ui-fg-subtle" data-testid={`${testId}-attempts-left`}>
              {attemptsLeft} {attemptsLeft === 1 ? "attempt" : "attempts"} left before MFA locks.
            </Text>
          ) : null}
          {retryAfter > 0 ? (
            <Text size="small" className="text-ui-fg-subtle" data-testid={`${testId}-retry-after`}>
              Try again in {retryAfter} seconds.
            </Text>
          ) : null}
        </div>
      ) : null}
      <div className="flex items-center gap-x-2">
        <Button type="submit" size="small" isLoading={pending} disabled={!valid || retryAfter > 0} data-testid={`${testId}-code-submit`}>
          {submitLabel}
        </Button>
        {allowRecoveryCode ? (
          <Button
            type="button"
            size="small"
            variant="transparent"
            onClick={() => {
              setUseRecovery(!useRecovery)
              setValue("")
              setError(null)
            }}
            data-testid={`${testId}-toggle-recovery`}
          >
            {useRecovery ? "Use a code from the app" : "Use a recovery code"}
          </Button>
        ) : null}
      </div>
    </form>
  )
}

/** The new secret, as text to type or paste into an authenticator app. */
export function MfaSecret({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  return (
    <div className="flex flex-col gap-y-3" data-testid="mlm-mfa-enrollment">
      <Text size="small">
        Add this account to your authenticator app (Google Authenticator, 1Password, Authy…): enter the secret
        key, or paste the setup link if your app accepts one. Then type the code it shows.
      </Text>
      <div className="flex flex-col gap-y-1">
        <Text size="xsmall" className="text-ui-fg-subtle">
          Secret key
        </Text>
        <div className="flex items-center gap-x-2">
          <Code className="break-all" data-testid="mlm-mfa-secret">
            {secret}
          </Code>
          <Copy content={secret} data-testid="mlm-mfa-secret-copy" />
        </div>
      </div>
      <div className="flex flex-col gap-y-1">
        <Text size="xsmall" className="text-ui-fg-subtle">
          Setup link
        </Text>
        <div className="flex items-center gap-x-2">
          <Code className="break-all" data-testid="mlm-mfa-otpauth-uri">
            {otpauthUri}
          </Code>
          <Copy content={otpauthUri} data-testid="mlm-mfa-otpauth-uri-copy" />
        </div>
      </div>
    </div>
  )
}

/** Shown once, right after confirmation: the server never answers them again. */
export function MfaRecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="flex flex-col gap-y-3" data-testid="mlm-mfa-recovery">
      <Text size="small" weight="plus">
        Save your recovery codes
      </Text>
      <Text size="small" className="text-ui-fg-subtle">
        Each code signs you in once if you lose your authenticator. They are shown only now: store them somewhere safe.
      </Text>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="mlm-mfa-recovery-codes">
        {codes.map((code) => (
          <li key={code} data-testid="mlm-mfa-recovery-code">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex items-center gap-x-2">
        <Copy content={codes.join("\n")} variant="default" data-testid="mlm-mfa-recovery-copy" />
        <Button size="small" onClick={onDone} data-testid="mlm-mfa-recovery-done">
          I have saved these codes
        </Button>
      </div>
    </div>
  )
}
