import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { MfaGate } from "../../../components/mfa-gate"
import { Can } from "../../../components/role-aware"
import { AdoptionCard } from "../../../components/security/adoption-card"
import { MyMfa } from "../../../components/security/my-mfa"
import { RolesPanel } from "../../../components/security/roles-panel"
import type { SecuritySummary } from "../../../components/security/security-types"
import { EmptyState } from "../../../components/states"
import { useMlmQuery } from "../../../lib/mlm-query"

/**
 * MLM → Security: the caller's own MFA state (every role); MFA adoption, the MLM roles and their
 * holders, grants and revocations (roles.read / roles.write: admin).
 */
function AdminSecurity() {
  const summary = useMlmQuery<SecuritySummary>("/security/summary")
  return (
    <>
      <AdoptionCard summary={summary} />
      <RolesPanel summary={summary.data} />
    </>
  )
}

function SecurityPage() {
  return (
    <div className="flex flex-col gap-y-3" data-testid="security-page">
      <Container className="px-6 py-4">
        <Heading level="h1">Security</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Two-step verification and who may do what in the MLM area.
        </Text>
      </Container>
      <MfaGate framed>
        <div className="flex flex-col gap-y-3">
          <MyMfa />
          <Can
            permission="roles.read"
            fallback={
              <Container className="p-0">
                <EmptyState title="Roles are managed by MLM admins" description="Your MLM role does not include role management." testId="security-no-permission" />
              </Container>
            }
          >
            <AdminSecurity />
          </Can>
        </div>
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Security", rank: 60 })

export default SecurityPage
