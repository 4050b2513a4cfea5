/**
 * Envelope encryption for personal data (docs/security.md, "Personal data at rest"). Every
 * distributor (subject) gets its own random 256-bit data key; the key is stored only wrapped by
 * the keyring (mlm_subject_key: kek_id, wrapped_key = keyring.encrypt(key, "subject-key:<id>")).
 * Fields are encrypted under the data key, so:
 * - erasure deletes one row and every copy of that subject's ciphertext, backups included,
 *   becomes unreadable (crypto-shredding);
 * - rotating a keyring key re-wraps 32-byte keys, never touches the fields (key-rotation.ts).
 *
 * Values under a data key use the Keyring's format, `v1.<key id>.<iv>.<tag>.<ciphertext>`, with
 * the same rules (AES-256-GCM, fresh 96-bit IV, 16-byte tag required). The key id of a data key
 * is a fingerprint of the key, so a value copied from another subject names a key this subject
 * does not have and is refused before any decryption is tried.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto"
import type { SqlExec } from "../repositories/sql-exec"
import { type Keyring, KeyringError } from "./keyring"

const DATA_KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

export function subjectKeyAad(subjectId: string): string {
  return `subject-key:${subjectId}`
}

/** `dk` + 16 hex of SHA-256 over a domain tag and the key: names the key, reveals nothing of it. */
export function dataKeyId(key: Buffer): string {
  return "dk" + createHash("sha256").update("mlm-data-key-id\u0000").update(key).digest("hex").slice(0, 16)
}

/** AES-256-GCM under one subject's data key; the same contract as Keyring.encrypt/decrypt. */
export class SubjectCipher {
  readonly keyId: string
  private readonly key: Buffer

  constructor(key: Buffer) {
    if (key.length !== DATA_KEY_BYTES) throw new KeyringError(`A data key must be ${DATA_KEY_BYTES} bytes, got ${key.length}`)
    this.key = key
    this.keyId = dataKeyId(key)
  }

  static generate(): SubjectCipher {
    return new SubjectCipher(randomBytes(DATA_KEY_BYTES))
  }

  /** The raw key, for wrapping only. */
  exportKey(): Buffer {
    return Buffer.from(this.key)
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv("aes-256-gcm", this.key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(aad, "utf8"))
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    return ["v1", this.keyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".")
  }

  /** Throws KeyringError on another subject's key, a bad format, tampering or a wrong aad. */
  decrypt(value: string, aad: string): string {
    const parts = value.split(".")
    if (parts.length !== 5 || parts[0] !== "v1") throw new KeyringError("Encrypted value has an unknown format")
    if (parts[1] !== this.keyId) throw new KeyringError(`Encrypted value uses key ${parts[1]}, which is not this subject's data key`)
    const iv = Buffer.from(parts[2], "base64url")
    const tag = Buffer.from(parts[3], "base64url")
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new KeyringError("Encrypted value has a bad IV or tag length")
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(aad, "utf8"))
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(Buffer.from(parts[4], "base64url")), decipher.final()]).toString("utf8")
    } catch {
      throw new KeyringError("Encrypted value does not authenticate (tampered, or bound to another row or field)")
    }
  }
}

export type SubjectKeyRow = { subject_id: string; kek_id: string; wrapped_key: string }

export function wrapSubjectKey(keyring: Keyring, subjectId: string, cipher: SubjectCipher): string {
  return keyring.encrypt(cipher.exportKey(), subjectKeyAad(subjectId))
}

export function unwrapSubjectKey(keyring: Keyring, row: SubjectKeyRow): SubjectCipher {
  return new SubjectCipher(keyring.decrypt(row.wrapped_key, subjectKeyAad(row.subject_id)))
}

export async function selectSubjectKey(exec: SqlExec, subjectId: string): Promise<SubjectKeyRow | null> {
  const [row] = await exec<SubjectKeyRow>(`SELECT subject_id, kek_id, wrapped_key FROM mlm_subject_key WHERE subject_id = $1`, [subjectId])
  return row ?? null
}

/** The subject's cipher, or null when it has no key (never had data, or was erased). */
export async function loadSubjectCipher(exec: SqlExec, keyring: Keyring, subjectId: string): Promise<SubjectCipher | null> {
  const row = await selectSubjectKey(exec, subjectId)
  return row ? unwrapSubjectKey(keyring, row) : null
}

/**
 * The subject's cipher, creating its data key on first use. Two first writers race on the
 * primary key: the loser's insert does nothing and both read the winner's key.
 */
export async function ensureSubjectCipher(exec: SqlExec, keyring: Keyring, subjectId: string): Promise<{ cipher: SubjectCipher; kekId: string }> {
  const existing = await selectSubjectKey(exec, subjectId)
  if (!existing) {
    const fresh = SubjectCipher.generate()
    await exec(
      `INSERT INTO mlm_subject_key (subject_id, kek_id, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (subject_id) DO NOTHING`,
      [subjectId, keyring.activeKeyId, wrapSubjectKey(keyring, subjectId, fresh)],
    )
  }
  const row = existing ?? (await selectSubjectKey(exec, subjectId))
  if (!row) throw new KeyringError(`The data key of ${subjectId} could not be created`)
  return { cipher: unwrapSubjectKey(keyring, row), kekId: row.kek_id }
}

/** Crypto-shredding: deletes the subject's data key; returns what was deleted (null if none). */
export async function shredSubjectKey(exec: SqlExec, subjectId: string): Promise<{ kek_id: string } | null> {
  const [row] = await exec<{ kek_id: string }>(`DELETE FROM mlm_subject_key WHERE subject_id = $1 RETURNING kek_id`, [subjectId])
  return row ?? null
}
