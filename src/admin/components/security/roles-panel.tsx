import { Badge, Button, Label, Prompt, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { MLM_ROLES } from "../../../api/security/permissions"
import { mlmDelete, mlmPut } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useInvalidateMlm, useMlmQuery } from "../../lib/mlm-query"
import type { MlmRole } from "../../lib/mlm-types"
import { NativeSelect } from "../controls/native-select"
import { OffsetPager } from "../controls/pager"
import { useStepUp } from "../mfa-gate"
import { DateText } from "../money-text"
import { useMlmRole } from "../role-aware"
import { EmptyState, ErrorState, QueryState, Section } from "../states"
import { holderFactor, type HolderFactor } from "./adoption"
import { GrantRole } from "./grant-role"
import { ResetMfaButton } from "./reset-mfa"
import type { RoleGrant, RoleList, SecuritySummary } from "./security-types"

/**
 * Who holds which MLM role (GET /admin/mlm/roles), with each holder's MFA state. Changing and
 * revoking a role and resetting another holder's MFA are step-up actions (roles.write); the server
 * refuses to remove the last admin (409) and says so.
 */

const PAGE_SIZE = 20

const FACTOR_BADGE: Record<HolderFactor, { color: "green" | "orange" | "red" | "grey"; text: string }> = {
  confirmed: { color: "green", text: "MFA on" },
  pending: { color: "orange", text: "MFA not confirmed" },
  none: { color: "red", text: "No MFA" },
  unknown: { color: "grey", text: "MFA ?" },
}

export function RolesPanel({ summary }: { summary: SecuritySummary | undefined }) {
  const [roleFilter, setRoleFilter] = useState<MlmRole | "">("")
  const [offset, setOffset] = useState(0)
  const roles = useMlmQuery<RoleList>("/roles", { role: roleFilter || undefined, limit: PAGE_SIZE, offset }, { placeholderData: (previous) => previous })
  const { can } = useMlmRole()
  return (
    <Section
      title="Roles"
      testId="security-roles"
      actions={
        <div className="flex items-center gap-x-2">
          <Label htmlFor="security-roles-filter" size="xsmall">
            Role
          </Label>
          <NativeSelect
            id="security-roles-filter"
            testId="security-roles-filter"
            value={roleFilter}
            options={[{ value: "", label: "All roles" }, ...MLM_ROLES.map((role) => ({ value: role, label: role }))]}
            onChange={(event) => (setRoleFilter(event.target.value as MlmRole | ""), setOffset(0))}
          />
        </div>
      }
    >
      <QueryState
        query={roles}
        testId="security-roles"
        isEmpty={(data) => data.roles.length === 0}
        empty={<EmptyState title="Nobody holds this role" testId="security-roles-empty" />}
      >
        {(data) => (
          <>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>User</Table.HeaderCell>
                  <Table.HeaderCell>MFA</Table.HeaderCell>
                  <Table.HeaderCell>Role</Table.HeaderCell>
                  <Table.HeaderCell>Granted</Table.HeaderCell>
                  <Table.HeaderCell />
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {data.roles.map((grant) => (
                  <RoleRow key={grant.user_id} grant={grant} factor={holderFactor(summary, grant.user_id)} canWrite={can("roles.write")} />
                ))}
              </Table.Body>
            </Table>
            <OffsetPager count={data.count} limit={data.limit} offset={data.offset} onOffset={setOffset} testId="security-roles-pager" />
          </>
        )}
      </QueryState>
      {can("roles.write") ? <GrantRole /> : null}
    </Section>
  )
}

function RoleRow({ grant, factor, canWrite }: { grant: RoleGrant; factor: HolderFactor; canWrite: boolean }) {
  const { withStepUp } = useStepUp()
  const invalidate = useInvalidateMlm()
  const { me } = useMlmRole()
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [confirmRevoke, setConfirmRevoke] = useState(false)

  async function write(action: () => Promise<unknown>) {
    setRunning(true)
    setError(null)
    try {
      await withStepUp(action)
      await Promise.all([invalidate("/roles"), invalidate("/security/summary"), invalidate("/me")])
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  const self = me?.user_id === grant.user_id
  return (
    <>
      <Table.Row data-testid="security-role-row" data-user-id={grant.user_id} data-role={grant.role}>
        <Table.Cell>
          <div className="flex flex-col">
            <Text size="small">{grant.email ?? grant.user_id}</Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {grant.user_id}
              {self ? " (you)" : ""}
            </Text>
          </div>
        </Table.Cell>
        <Table.Cell>
          <Badge size="2xsmall" color={FACTOR_BADGE[factor].color} data-testid="security-role-mfa" data-factor={factor}>
            {FACTOR_BADGE[factor].text}
          </Badge>
        </Table.Cell>
        <Table.Cell>
          {canWrite ? (
            <NativeSelect
              aria-label={`Role of ${grant.email ?? grant.user_id}`}
              testId="security-role-select"
              value={grant.role}
              disabled={running}
              options={MLM_ROLES.map((role) => ({ value: role, label: role }))}
              onChange={(event) => {
                const role = event.target.value as MlmRole
                void write(() => mlmPut(mlmPath`/roles/${grant.user_id}`, { role }))
              }}
            />
          ) : (
            <Badge size="2xsmall">{grant.role}</Badge>
          )}
        </Table.Cell>
        <Table.Cell>
          <DateText iso={grant.granted_at} />
          <Text size="xsmall" className="text-ui-fg-subtle">
            by {grant.granted_by ?? "–"}
          </Text>
        </Table.Cell>
        <Table.Cell className="text-right">
          {canWrite ? (
            <div className="flex items-start justify-end gap-x-2">
              {!self && (factor === "confirmed" || factor === "pending") ? (
                <ResetMfaButton actorType="user" actorId={grant.user_id} who={grant.email ?? grant.user_id} />
              ) : null}
              <Button size="small" variant="transparent" isLoading={running} onClick={() => setConfirmRevoke(true)} data-testid="security-role-revoke">
                Revoke
              </Button>
            </div>
          ) : null}
        </Table.Cell>
      </Table.Row>
      {error ? (
        <tr>
          <td colSpan={5}>
            <ErrorState error={error} title="The role was not changed" testId="security-role-error" />
          </td>
        </tr>
      ) : null}
      <Prompt open={confirmRevoke} onOpenChange={(open) => !open && setConfirmRevoke(false)}>
        <Prompt.Content data-testid="security-role-revoke-confirm">
          <Prompt.Header>
            <Prompt.Title>Revoke the {grant.role} role?</Prompt.Title>
            <Prompt.Description>
              {`${grant.email ?? grant.user_id}${self ? " (you)" : ""} loses access to the MLM area on the next request.`}
            </Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>Cancel</Prompt.Cancel>
            <Prompt.Action
              onClick={() => {
                setConfirmRevoke(false)
                void write(() => mlmDelete(mlmPath`/roles/${grant.user_id}`))
              }}
              data-testid="security-role-revoke-action"
            >
              Revoke
            </Prompt.Action>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </>
  )
}
