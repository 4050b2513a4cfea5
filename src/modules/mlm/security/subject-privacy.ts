/**
 * Privacy rights over a distributor (docs/security.md, "Privacy: export and erasure"; GDPR 15,
 * 17, 20; ASVS 4.0.3 8.3.2): export everything the plugin holds about it, and erase it.
 *
 * Erasure is crypto-shredding: the private row and the subject's data key are deleted, so any
 * copy of its ciphertext (a replica, a backup) can no longer be read. The node stays in the
 * trees with its non-personal ids (id, node, referral code, customer id) so uplines, downlines
 * and the ledger keep adding up; ledger amounts are kept for accounting. The customer id is kept
 * on purpose: it is an opaque id, it keeps "one distributor per customer" true for every row ever
 * written, and the person behind it lives in Medusa's customer module, which the merchant erases
 * with Medusa's own tools (the plugin never deletes a Medusa customer).
 */
import { MedusaError } from "@medusajs/framework/utils"
import type { SqlExec } from "../repositories/sql-exec"
import { recordAudit } from "./audit"
import type { Keyring } from "./keyring"
import { decryptedValues, describeRow, heldFields, type PrivacyActor, type PrivateRow, selectSubject } from "./private-data"
import { shredSubjectKey } from "./subject-keys"

export const EXPORT_FORMAT = "medusa-plugin-mlm/subject-export@1"

type Row = Record<string, unknown>

/** PostgreSQL returns bigint as text; amounts and sequence numbers leave as integers. */
function withIntegers<T extends Row>(rows: T[], columns: string[]): T[] {
  return rows.map((row) => {
    const copy: Row = { ...row }
    for (const column of columns) {
      const value = copy[column]
      if (value === null || value === undefined) continue
      const number = Number(value)
      if (!Number.isSafeInteger(number)) throw new RangeError(`${column} ${String(value)} is not a safe integer`)
      copy[column] = number
    }
    return copy as T
  })
}

export async function exportSubject(exec: SqlExec, keyring: Keyring, input: { distributor_id: string; actor: PrivacyActor }) {
  const subject = await selectSubject(exec, input.distributor_id, "share")
  const [distributor] = await exec(
    `SELECT id, node_id, customer_id, referral_code, status, sponsor_id, is_house, depth, rank, enrolled_at, erased_at, created_at, updated_at
       FROM mlm_distributor WHERE id = $1`,
    [subject.id],
  )
  const { row, values } = await decryptedValues(exec, keyring, subject.id)
  const customerId = subject.customer_id
  const attribution = customerId
    ? await exec(`SELECT customer_id, referrer_id, source, source_ref, created_at FROM mlm_customer_attribution WHERE customer_id = $1 AND deleted_at IS NULL`, [customerId])
    : []
  const checkoutEnrollments = await exec(
    `SELECT order_id, customer_id, referral_code, opt_in, outcome, reason, distributor_id, created_at
       FROM mlm_checkout_enrollment WHERE (customer_id = $1 OR distributor_id = $2) AND deleted_at IS NULL ORDER BY created_at, id`,
    [customerId, subject.id],
  )
  const sponsorMoves = await exec(
    `SELECT id, from_sponsor_id, to_sponsor_id, subtree_size, actor_id, reason, created_at FROM mlm_sponsor_move WHERE distributor_id = $1 ORDER BY created_at, id`,
    [subject.id],
  )
  const statusChanges = await exec(
    `SELECT id, from_status, to_status, actor_id, reason, created_at FROM mlm_status_change WHERE distributor_id = $1 ORDER BY created_at, id`,
    [subject.id],
  )
  const placements = await exec(
    `SELECT id, tree_type, tree_key, parent_placement_id, position, depth, created_at FROM mlm_placement WHERE distributor_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [subject.id],
  )
  const boardSeats = await exec(
    `SELECT id, board_id, position, seated_at FROM mlm_board_seat WHERE distributor_id = $1 AND deleted_at IS NULL ORDER BY seated_at, id`,
    [subject.id],
  )
  const ledgerLines = await exec(
    `SELECT id, source_kind, source_id, bonus, level, amount_minor, currency_code, plan_version_id, order_id, base_minor, rate_bp,
            status, hold_until, created_at, status_changed_at
       FROM mlm_ledger_line WHERE beneficiary_node = $1 ORDER BY id`,
    [subject.node_id],
  )
  const commissionRecords = await exec(
    `SELECT order_id, plan_version_id, currency_code, customer_id, buyer_kind, cv_minor, net_cv_minor, total_minor, retail_minor,
            wholesale_minor, refunded_minor, returned_cv_minor, items, mlm_order_terms(order_id, zero_terms) AS terms, period_key, placed_at, hold_until, status, created_at
       FROM mlm_commission_record WHERE owner_node = $1 ORDER BY placed_at, order_id`,
    [subject.node_id],
  )
  // Rows about the distributor or its customer, through the (target_type, target_id) index.
  const audit = await exec(
    `SELECT seq, at, event, actor_type, actor_id, target_type, target_id, ip, user_agent, outcome, before, after
       FROM mlm_audit_log
      WHERE (target_type = 'distributor' AND target_id = $1) OR (target_type = 'customer' AND target_id = $2)
      ORDER BY seq`,
    [subject.id, customerId],
  )
  const document = {
    format: EXPORT_FORMAT,
    generated_at: new Date().toISOString(),
    distributor: withIntegers([distributor], ["node_id"])[0],
    private: row ? { ...values, updated_at: row.updated_at } : null,
    attribution: attribution[0] ?? null,
    checkout_enrollments: checkoutEnrollments,
    history: { sponsor_moves: sponsorMoves, status_changes: statusChanges },
    placements,
    board_seats: boardSeats,
    ledger_lines: withIntegers(ledgerLines, ["id", "amount_minor", "base_minor"]),
    commission_records: withIntegers(commissionRecords, [
      "cv_minor", "net_cv_minor", "total_minor", "retail_minor", "wholesale_minor", "refunded_minor", "returned_cv_minor",
    ]),
    audit: withIntegers(audit, ["seq"]),
  }
  await recordAudit(exec, {
    event: "data_exported",
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    target_type: "distributor",
    target_id: subject.id,
    ip: input.actor.ip,
    user_agent: input.actor.user_agent,
    after: {
      format: EXPORT_FORMAT,
      private_fields: heldFields(values),
      ledger_lines: ledgerLines.length,
      commission_records: commissionRecords.length,
      audit_rows: audit.length,
    },
  })
  return document
}

export type ErasureResult = { distributor_id: string; erased_at: Date; already_erased: boolean }

/**
 * Erases the distributor's personal data and shreds its data key, in one transaction with its
 * `data_deleted` audit row. Idempotent: a second call changes nothing and answers the first
 * erasure's time (a retried request must not fail, and there is nothing left to undo).
 */
export async function eraseSubject(exec: SqlExec, input: { distributor_id: string; reason: string; actor: PrivacyActor }): Promise<ErasureResult> {
  const subject = await selectSubject(exec, input.distributor_id, "write")
  if (subject.is_house) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The house distributor holds no personal data and cannot be erased")
  if (subject.erased_at) return { distributor_id: subject.id, erased_at: subject.erased_at, already_erased: true }
  const [deleted] = await exec<PrivateRow>(`DELETE FROM mlm_distributor_private WHERE distributor_id = $1 RETURNING *`, [subject.id])
  const shredded = await shredSubjectKey(exec, subject.id)
  const [marked] = await exec<{ erased_at: Date }>(
    `UPDATE mlm_distributor SET erased_at = now(), updated_at = now() WHERE id = $1 RETURNING erased_at`,
    [subject.id],
  )
  await recordAudit(exec, {
    event: "data_deleted",
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    target_type: "distributor",
    target_id: subject.id,
    ip: input.actor.ip,
    user_agent: input.actor.user_agent,
    before: { fields: describeRow(deleted ?? null), kek_id: shredded?.kek_id ?? null },
    after: { erased_at: marked.erased_at, reason: input.reason, data_key_shredded: shredded !== null, customer_id_kept: subject.customer_id !== null },
  })
  return { distributor_id: subject.id, erased_at: marked.erased_at, already_erased: false }
}
