import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { DateText } from "../money-text"
import { useMlmRole } from "../role-aware"
import { LoadingState, Section } from "../states"

/** The caller's own factor and this session's challenge (GET /admin/mlm/me): every role sees it. */
export function MyMfa() {
  const { me, role, isLoading } = useMlmRole()
  return (
    <Section title="Your two-step verification" testId="security-my-mfa">
      {isLoading || !me ? (
        <LoadingState rows={1} testId="security-my-mfa-loading" />
      ) : (
        <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
          <Fact label="Your MLM role" testId="security-my-role">
            {role ?? "–"}
          </Fact>
          <Fact label="Authenticator" testId="security-my-factor">
            {me.mfa.factor === "confirmed" ? "Confirmed" : me.mfa.factor === "pending" ? "Not confirmed" : "None"}
          </Fact>
          <Fact label="Recovery codes left" testId="security-my-recovery-codes">
            {me.mfa.recovery_codes_left}
            {me.mfa.recovery_codes_left <= 2 ? " (set up new ones soon)" : ""}
          </Fact>
          <Fact label="This session verified until" testId="security-my-challenge">
            {me.mfa.challenge ? <DateText iso={me.mfa.challenge.expires_at} /> : "–"}
          </Fact>
        </div>
      )}
    </Section>
  )
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="flex flex-col" data-testid={testId}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small">{children}</Text>
    </div>
  )
}
