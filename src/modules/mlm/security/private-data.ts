/**
 * A distributor's personal data at rest (docs/security.md, "Personal data at rest"): each field of
 * mlm_distributor_private is encrypted under the subject's data key (subject-keys.ts) with
 * `<distributor id>:<field>` as associated data, so a value copied to another row or field does
 * not decrypt. The tax ID also gets a blind index (the keyring's HMAC, its own key) that finds
 * accounts sharing a tax ID without decrypting anything. Audit rows name the fields and key ids
 * involved, never a plaintext (nor the blind index, nor the last four digits).
 */
import { MedusaError } from "@medusajs/framework/utils"
import type { SqlExec } from "../repositories/sql-exec"
import { recordAudit } from "./audit"
import { type Keyring, KeyringError } from "./keyring"
import { maskValues, normaliseTaxId, type PrivateChanges, type PrivateField, type PrivateValues } from "./private-fields"
import { ensureSubjectCipher, loadSubjectCipher, type SubjectCipher } from "./subject-keys"

export type PrivacyActor = { type: "user" | "customer"; id: string; ip?: string | null; user_agent?: string | null }

export type PrivateDataResult = {
  distributor_id: string
  revealed: boolean
  erased_at: Date | null
  values: PrivateValues
  /** True when the reader may not see payout details: `bank` is null whatever is stored. */
  bank_hidden: boolean
  /** Other distributors holding the same tax ID (blind index match). */
  tax_id_shared_with: string[]
  updated_by: string | null
  updated_at: Date | null
}

export type PrivateRow = {
  distributor_id: string
  tax_id_enc: string | null
  tax_id_bidx: string | null
  date_of_birth_enc: string | null
  phone_enc: string | null
  bank_token_enc: string | null
  bank_last4: string | null
  updated_by: string | null
  updated_at: Date | null
}

type Subject = { id: string; customer_id: string | null; node_id: number; is_house: boolean; erased_at: Date | null }

const ENCRYPTED_COLUMN: Record<PrivateField, "tax_id_enc" | "date_of_birth_enc" | "phone_enc" | "bank_token_enc"> = {
  tax_id: "tax_id_enc",
  date_of_birth: "date_of_birth_enc",
  phone: "phone_enc",
  bank_token: "bank_token_enc",
}

const EMPTY: PrivateValues = { tax_id: null, date_of_birth: null, phone: null, bank: null }

export function fieldAad(distributorId: string, field: PrivateField): string {
  return `${distributorId}:${field}`
}

export function unreadable(distributorId: string, what: string): MedusaError {
  return new MedusaError(
    MedusaError.Types.CONFLICT,
    `Stored value does not authenticate: ${what} of distributor ${distributorId} was tampered with or moved from another row`,
  )
}

/** The distributor, locked against erasure (`write`: also against concurrent private writes). */
export async function selectSubject(exec: SqlExec, distributorId: string, lock: "none" | "share" | "write"): Promise<Subject> {
  const suffix = lock === "write" ? " FOR NO KEY UPDATE" : lock === "share" ? " FOR SHARE" : ""
  const [row] = await exec<Subject>(
    `SELECT id, customer_id, node_id, is_house, erased_at FROM mlm_distributor WHERE id = $1 AND deleted_at IS NULL${suffix}`,
    [distributorId],
  )
  if (!row) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Distributor with id ${distributorId} was not found`)
  return { ...row, node_id: Number(row.node_id) }
}

export async function selectPrivateRow(exec: SqlExec, distributorId: string): Promise<PrivateRow | null> {
  const [row] = await exec<PrivateRow>(
    `SELECT distributor_id, tax_id_enc, tax_id_bidx, date_of_birth_enc, phone_enc, bank_token_enc, bank_last4, updated_by, updated_at
       FROM mlm_distributor_private WHERE distributor_id = $1`,
    [distributorId],
  )
  return row ?? null
}

/** The subject's data key; a wrapped key that does not unwrap is a 409, like a field that does not decrypt. */
export async function subjectCipherOrConflict(exec: SqlExec, keyring: Keyring, distributorId: string): Promise<SubjectCipher | null> {
  try {
    return await loadSubjectCipher(exec, keyring, distributorId)
  } catch (error) {
    if (error instanceof KeyringError) throw unreadable(distributorId, "the data key")
    throw error
  }
}

export function decryptPrivateRow(cipher: SubjectCipher | null, row: PrivateRow): PrivateValues {
  const open = (field: PrivateField): string | null => {
    const value = row[ENCRYPTED_COLUMN[field]]
    if (value === null) return null
    if (!cipher) throw unreadable(row.distributor_id, field)
    try {
      return cipher.decrypt(value, fieldAad(row.distributor_id, field))
    } catch (error) {
      if (error instanceof KeyringError) throw unreadable(row.distributor_id, field)
      throw error
    }
  }
  const token = open("bank_token")
  return {
    tax_id: open("tax_id"),
    date_of_birth: open("date_of_birth"),
    phone: open("phone"),
    bank: token === null ? null : { token, last4: row.bank_last4 ?? "" },
  }
}

/** The plaintext values of a subject (EMPTY when nothing is held). */
export async function decryptedValues(exec: SqlExec, keyring: Keyring, distributorId: string): Promise<{ row: PrivateRow | null; values: PrivateValues }> {
  const row = await selectPrivateRow(exec, distributorId)
  if (!row) return { row, values: EMPTY }
  return { row, values: decryptPrivateRow(await subjectCipherOrConflict(exec, keyring, distributorId), row) }
}

/** Fields and key ids of a row: what an audit row may say about encrypted data. */
export function describeRow(row: PrivateRow | null) {
  const keyId = (value: string | null | undefined) => (value ? value.split(".")[1] ?? "?" : null)
  return {
    tax_id: keyId(row?.tax_id_enc),
    date_of_birth: keyId(row?.date_of_birth_enc),
    phone: keyId(row?.phone_enc),
    bank_token: keyId(row?.bank_token_enc),
    bank_last4: row?.bank_last4 ? "set" : null,
  }
}

export function heldFields(values: PrivateValues): string[] {
  return (["tax_id", "date_of_birth", "phone", "bank"] as const).filter((field) => values[field] !== null)
}

async function taxIdSharedWith(exec: SqlExec, row: PrivateRow | null): Promise<string[]> {
  if (!row?.tax_id_bidx) return []
  const rows = await exec<{ distributor_id: string }>(
    `SELECT distributor_id FROM mlm_distributor_private WHERE tax_id_bidx = $1 AND distributor_id <> $2 ORDER BY distributor_id LIMIT 100`,
    [row.tax_id_bidx, row.distributor_id],
  )
  return rows.map((shared) => shared.distributor_id)
}

/** Masked unless `reveal`; a reveal is audited as `data_viewed` in the caller's transaction. */
export async function readPrivateData(
  exec: SqlExec,
  keyring: Keyring,
  input: { distributor_id: string; reveal: boolean; actor: PrivacyActor; hide_bank?: boolean },
): Promise<PrivateDataResult> {
  const subject = await selectSubject(exec, input.distributor_id, "none")
  const decrypted = await decryptedValues(exec, keyring, subject.id)
  const row = decrypted.row
  // Field-level access: a reader without payout rights gets no bank details at all.
  const values = input.hide_bank ? { ...decrypted.values, bank: null } : decrypted.values
  if (input.reveal) {
    await recordAudit(exec, {
      event: "data_viewed",
      actor_type: input.actor.type,
      actor_id: input.actor.id,
      target_type: "distributor",
      target_id: subject.id,
      ip: input.actor.ip,
      user_agent: input.actor.user_agent,
      after: { fields: heldFields(values) },
    })
  }
  return {
    distributor_id: subject.id,
    revealed: input.reveal,
    erased_at: subject.erased_at,
    bank_hidden: input.hide_bank === true,
    values: input.reveal ? values : maskValues(values),
    tax_id_shared_with: await taxIdSharedWith(exec, row),
    updated_by: row?.updated_by ?? null,
    updated_at: row?.updated_at ?? null,
  }
}

/**
 * Applies a validated partial update under the subject's data key and audits it as
 * `data_updated` (fields changed and key ids, no plaintext). An erased distributor stays erased.
 */
export async function writePrivateData(
  exec: SqlExec,
  keyring: Keyring,
  input: { distributor_id: string; changes: PrivateChanges; actor: PrivacyActor },
): Promise<PrivateDataResult> {
  const subject = await selectSubject(exec, input.distributor_id, "write")
  if (subject.erased_at) {
    throw new MedusaError(MedusaError.Types.CONFLICT, `Distributor ${subject.id} was erased; personal data cannot be stored for it again`)
  }
  if (subject.is_house) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The house distributor holds no personal data")
  const before = await selectPrivateRow(exec, subject.id)
  const { cipher, kekId } = await ensureSubjectCipher(exec, keyring, subject.id)
  const next: PrivateRow = before
    ? { ...before }
    : { distributor_id: subject.id, tax_id_enc: null, tax_id_bidx: null, date_of_birth_enc: null, phone_enc: null, bank_token_enc: null, bank_last4: null, updated_by: null, updated_at: null }
  const seal = (field: PrivateField, value: string | null) => (value === null ? null : cipher.encrypt(value, fieldAad(subject.id, field)))
  const changes = input.changes
  const changed: string[] = []
  if (changes.tax_id !== undefined) {
    next.tax_id_enc = seal("tax_id", changes.tax_id)
    next.tax_id_bidx = changes.tax_id === null ? null : keyring.blindIndex(normaliseTaxId(changes.tax_id), "tax_id")
    changed.push("tax_id")
  }
  if (changes.date_of_birth !== undefined) {
    next.date_of_birth_enc = seal("date_of_birth", changes.date_of_birth)
    changed.push("date_of_birth")
  }
  if (changes.phone !== undefined) {
    next.phone_enc = seal("phone", changes.phone)
    changed.push("phone")
  }
  if (changes.bank !== undefined) {
    next.bank_token_enc = seal("bank_token", changes.bank?.token ?? null)
    next.bank_last4 = changes.bank?.last4 ?? null
    changed.push("bank_token", "bank_last4")
  }
  const [saved] = await exec<{ updated_at: Date }>(
    `INSERT INTO mlm_distributor_private
       (distributor_id, tax_id_enc, tax_id_bidx, date_of_birth_enc, phone_enc, bank_token_enc, bank_last4, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (distributor_id) DO UPDATE SET
       tax_id_enc = EXCLUDED.tax_id_enc, tax_id_bidx = EXCLUDED.tax_id_bidx, date_of_birth_enc = EXCLUDED.date_of_birth_enc,
       phone_enc = EXCLUDED.phone_enc, bank_token_enc = EXCLUDED.bank_token_enc, bank_last4 = EXCLUDED.bank_last4,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING updated_at`,
    [subject.id, next.tax_id_enc, next.tax_id_bidx, next.date_of_birth_enc, next.phone_enc, next.bank_token_enc, next.bank_last4, `${input.actor.type}:${input.actor.id}`],
  )
  next.updated_by = `${input.actor.type}:${input.actor.id}`
  next.updated_at = saved.updated_at
  await recordAudit(exec, {
    event: "data_updated",
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    target_type: "distributor",
    target_id: subject.id,
    ip: input.actor.ip,
    user_agent: input.actor.user_agent,
    before: { fields: describeRow(before) },
    after: { fields: describeRow(next), changed, data_key_id: cipher.keyId, kek_id: kekId },
  })
  return {
    distributor_id: subject.id,
    revealed: false,
    erased_at: null,
    bank_hidden: false,
    values: maskValues(decryptPrivateRow(cipher, next)),
    tax_id_shared_with: await taxIdSharedWith(exec, next),
    updated_by: next.updated_by,
    updated_at: next.updated_at,
  }
}

export type DuplicateTaxIdGroup = { distributor_ids: string[]; count: number }

/** Sybil detection: groups of distributors whose tax IDs are equal, found by blind index only. */
export async function duplicateTaxIdGroups(exec: SqlExec, page: { limit: number; offset: number }): Promise<{ groups: DuplicateTaxIdGroup[]; count: number }> {
  const rows = await exec<{ ids: string[]; n: string }>(
    `SELECT array_agg(distributor_id ORDER BY distributor_id) AS ids, count(*) AS n
       FROM mlm_distributor_private WHERE tax_id_bidx IS NOT NULL
      GROUP BY tax_id_bidx HAVING count(*) > 1
      ORDER BY count(*) DESC, min(distributor_id) LIMIT $1 OFFSET $2`,
    [page.limit, page.offset],
  )
  const [total] = await exec<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM mlm_distributor_private WHERE tax_id_bidx IS NOT NULL GROUP BY tax_id_bidx HAVING count(*) > 1) groups`,
  )
  return { groups: rows.map((row) => ({ distributor_ids: row.ids, count: Number(row.n) })), count: Number(total?.n ?? 0) }
}
