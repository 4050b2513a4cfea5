import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { AuditLog } from "../../../components/audit/audit-log"
import { ChainStatus } from "../../../components/audit/chain-status"
import { MfaGate } from "../../../components/mfa-gate"
import { Can } from "../../../components/role-aware"
import { EmptyState } from "../../../components/states"

/**
 * MLM → Audit log: the hash chain's integrity first, then the trail itself (audit.read: finance,
 * admin). Rows are append-only; the database computes each row's hash from the previous one.
 */
function AuditPage() {
  return (
    <div className="flex flex-col gap-y-3" data-testid="audit-page">
      <Container className="px-6 py-4">
        <Heading level="h1">Audit log</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Every change to the network, plans, money and roles, and every refused access, in a hash chain that shows any edit or deletion.
        </Text>
      </Container>
      <MfaGate framed>
        <Can
          permission="audit.read"
          fallback={
            <Container className="p-0">
              <EmptyState title="The audit log is hidden" description="Your MLM role does not include the audit trail (finance and admin roles do)." testId="audit-no-permission" />
            </Container>
          }
        >
          <div className="flex flex-col gap-y-3">
            <ChainStatus />
            <AuditLog />
          </div>
        </Can>
      </MfaGate>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Audit log", rank: 50 })

export default AuditPage
