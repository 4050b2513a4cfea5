// `npm run mlm:grant -- --email <user email> --role <viewer|support|finance|admin>`: grants a
// Medusa admin user an MLM role from the command line (bootstrap: the first MLM admin cannot be
// granted over HTTP, which needs an MLM admin). Runs with `medusa exec`, so it uses the store's
// own configuration and database. The grant is audited with the actor `cli:mlm:grant`.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MLM_ROLES } from "../src/api/security/permissions"
import { grantMlmRoleByEmail } from "../src/api/security/role-grants"

const USAGE = `usage: npm run mlm:grant -- --email <user email> --role <${MLM_ROLES.join("|")}>`

/**
 * `medusa exec` hands the script no options (its CLI parser keeps `--email` for itself), so they
 * are read from the process arguments: `--name value` or `--name=value`.
 */
export function parseGrantArguments(argv: readonly string[]): { email: string; role: string } {
  const values: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(email|role)(?:=(.*))?$/.exec(argv[i])
    if (!match) continue
    const value = match[2] ?? argv[i + 1]
    if (match[2] === undefined) i++
    if (!value || value.startsWith("--")) throw new Error(`--${match[1]} needs a value. ${USAGE}`)
    values[match[1]] = value
  }
  if (!values.email || !values.role) throw new Error(`Give both --email and --role. ${USAGE}`)
  return { email: values.email, role: values.role }
}

export default async function grantRole({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { email, role } = parseGrantArguments(process.argv.slice(2))
  const change = await grantMlmRoleByEmail(container, email, role, "cli:mlm:grant")
  logger.info(
    change.before === change.after
      ? `mlm:grant: ${change.email} (${change.user_id}) already has the MLM role ${change.after}`
      : `mlm:grant: ${change.email} (${change.user_id}) now has the MLM role ${change.after} (was ${change.before ?? "none"})`
  )
}
