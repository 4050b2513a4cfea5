/**
 * Who made a change and from where, as a route hands it to the module service so the service can
 * append the audit row in the same transaction as the change (docs/security.md, "Audit trail").
 * Optional everywhere: a seed, a script or a test that calls the service directly passes none and
 * the row records the `actor_id` the method already takes (as a user) or no actor at all.
 */
import { recordAudit, type AuditActorType, type AuditEvent } from "./audit"
import type { SqlExec } from "../repositories/sql-exec"

export type AuditContext = {
  actor_type: AuditActorType
  actor_id: string | null
  ip?: string | null
  user_agent?: string | null
}

type DomainEvent = Pick<AuditEvent, "event" | "target_type" | "target_id" | "before" | "after">

/** Appends a domain event (`mlm_*`) for the change the caller is making in this transaction. */
export function recordDomainAudit(exec: SqlExec, event: DomainEvent, audit: AuditContext | undefined, actorId?: string | null): Promise<void> {
  const actor = audit ?? (actorId ? { actor_type: "user" as const, actor_id: actorId } : null)
  return recordAudit(exec, {
    ...event,
    // No state (a rule that did not exist, nothing superseded) is SQL NULL, not JSON null.
    before: event.before ?? undefined,
    after: event.after ?? undefined,
    actor_type: actor?.actor_type ?? null,
    actor_id: actor?.actor_id ?? null,
    ip: audit?.ip ?? null,
    user_agent: audit?.user_agent ?? null,
  })
}

/** A plan's audited state: never the draft itself (up to megabytes), its digest as stored. */
export async function planAuditState(exec: SqlExec, planId: string, options: { lock?: boolean } = {}): Promise<{ name: string; period: string; draft_sha256: string } | null> {
  const [row] = await exec<{ name: string; period: string; draft_sha256: string }>(
    `SELECT name, period, encode(sha256(convert_to(draft::text, 'UTF8')), 'hex') AS draft_sha256 FROM mlm_plan WHERE id = $1${options.lock ? " FOR UPDATE" : ""}`,
    [planId],
  )
  return row ?? null
}

/** A plan version as the audit trail names it (the definition is identified by its hash). */
export function planVersionAuditState(version: { id: string; plan_id: string; version: number; currency_code: string; effective_from: Date; hash: string }) {
  return {
    plan_version_id: version.id,
    plan_id: version.plan_id,
    version: version.version,
    currency_code: version.currency_code,
    effective_from: version.effective_from.toISOString(),
    hash: version.hash,
  }
}

/** A variant's commissionable-value rule, locked for the change the caller is about to make. */
export async function variantCvAuditState(exec: SqlExec, variantId: string): Promise<{ cv_bp: number | null; cv_minor: number | null; currency_code: string | null } | null> {
  const [row] = await exec<{ cv_bp: number | null; cv_minor: string | null; currency_code: string | null }>(
    `SELECT cv_bp, cv_minor::text AS cv_minor, currency_code FROM mlm_variant_cv WHERE variant_id = $1 FOR UPDATE`,
    [variantId],
  )
  if (!row) return null
  return { cv_bp: row.cv_bp === null ? null : Number(row.cv_bp), cv_minor: row.cv_minor === null ? null : Number(row.cv_minor), currency_code: row.currency_code }
}

/** The user who asked for it, or the named background process when no one did (queued events). */
export function userOrSystem(actorId: string | null | undefined, system: string): AuditContext {
  return actorId ? { actor_type: "user", actor_id: actorId } : { actor_type: "system", actor_id: system }
}
