import { Button, Input, Label, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { MLM_ROLES } from "../../../api/security/permissions"
import { mlmPut } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { useInvalidateMlm } from "../../lib/mlm-query"
import type { MlmRole } from "../../lib/mlm-types"
import { sdk } from "../../lib/sdk"
import { NativeSelect } from "../controls/native-select"
import { useStepUp } from "../mfa-gate"
import { ErrorState } from "../states"

/**
 * Grants an MLM role to a Medusa admin user, found by email or name through the dashboard's own
 * user list (GET /admin/users, JS SDK). A step-up action; the grant is audited by the server.
 */

type UserOption = { id: string; email: string; first_name?: string | null; last_name?: string | null }

export function GrantRole() {
  const [text, setText] = useState("")
  const [q, setQ] = useState("")
  const [user, setUser] = useState<UserOption | null>(null)
  const [role, setRole] = useState<MlmRole>("viewer")
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [granted, setGranted] = useState<string | null>(null)
  const { withStepUp } = useStepUp()
  const invalidate = useInvalidateMlm()

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250)
    return () => clearTimeout(timer)
  }, [text])
  const users = useQuery({
    queryKey: ["mlm-grant-users", q],
    queryFn: () => sdk.admin.user.list({ q, limit: 8 }),
    enabled: q.length > 0 && !user,
  })

  async function grant() {
    if (!user) return
    setRunning(true)
    setError(null)
    setGranted(null)
    try {
      await withStepUp(() => mlmPut(mlmPath`/roles/${user.id}`, { role }))
      setGranted(`${user.email} now holds ${role}.`)
      setUser(null)
      setText("")
      await Promise.all([invalidate("/roles"), invalidate("/security/summary")])
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="security-grant">
      <Text size="small" weight="plus">
        Grant a role
      </Text>
      <div className="flex flex-wrap items-end gap-3">
        <div className="relative flex flex-col gap-y-1">
          <Label htmlFor="security-grant-user" size="xsmall" weight="plus">
            Admin user
          </Label>
          {user ? (
            <div className="flex items-center gap-x-2" data-testid="security-grant-user-picked" data-user-id={user.id}>
              <Text size="small">{user.email}</Text>
              <Button size="small" variant="transparent" onClick={() => setUser(null)} data-testid="security-grant-user-clear">
                Change
              </Button>
            </div>
          ) : (
            <Input id="security-grant-user" size="small" type="search" placeholder="Email or name" value={text} onChange={(event) => setText(event.target.value)} data-testid="security-grant-user" />
          )}
          {!user && q ? (
            <div className="bg-ui-bg-base shadow-elevation-flyout absolute top-full z-10 mt-1 flex w-72 flex-col rounded-md p-1" data-testid="security-grant-user-options">
              {users.isPending ? (
                <Text size="xsmall" className="px-2 py-1 text-ui-fg-subtle">
                  Searching…
                </Text>
              ) : users.error ? (
                <Text size="xsmall" className="px-2 py-1 text-ui-fg-error">
                  {users.error.message}
                </Text>
              ) : ((users.data?.users as UserOption[] | undefined) ?? []).length === 0 ? (
                <Text size="xsmall" className="px-2 py-1 text-ui-fg-subtle">
                  No admin user matches.
                </Text>
              ) : (
                (users.data!.users as UserOption[]).map((option) => (
                  <button key={option.id} type="button" className="hover:bg-ui-bg-base-hover flex flex-col items-start rounded px-2 py-1 text-left" onClick={() => setUser(option)} data-testid="security-grant-user-option" data-user-id={option.id}>
                    <Text size="small">{option.email}</Text>
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      {[option.first_name, option.last_name].filter(Boolean).join(" ") || option.id}
                    </Text>
                  </button>
                ))
              )}
            </div>
          ) : null}
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="security-grant-role" size="xsmall" weight="plus">
            Role
          </Label>
          <NativeSelect id="security-grant-role" testId="security-grant-role" value={role} options={MLM_ROLES.map((value) => ({ value, label: value }))} onChange={(event) => setRole(event.target.value as MlmRole)} />
        </div>
        <Button size="small" disabled={!user} isLoading={running} onClick={() => void grant()} data-testid="security-grant-submit">
          Grant
        </Button>
      </div>
      {granted ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="security-grant-done">
          {granted} They set up MFA the first time they open the MLM area.
        </Text>
      ) : null}
      {error ? <ErrorState error={error} title="The role was not granted" testId="security-grant-error" /> : null}
    </div>
  )
}
