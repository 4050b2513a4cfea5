/**
 * Field encryption for personal data at rest (docs/security.md): AES-256-GCM from node:crypto,
 * a fresh 96-bit IV per value, 16-byte tags required on decrypt, associated data binding a value
 * to its row and field (a value copied to another row does not decrypt), and the key id in every
 * value so keys can rotate. Format: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 *
 * Keys come from configuration (plugin option `encryption` or env MLM_ENCRYPTION_KEYS =
 * "k1:<base64 32 bytes>,k2:<...>", MLM_ACTIVE_KEY_ID, MLM_BLIND_INDEX_KEY); a KMS can feed them by
 * writing that configuration at start-up (docs/security.md).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto"

export interface KeyringConfig {
  /** key id → 32-byte key, base64. */
  keys: Record<string, string>
  active_key_id: string
  /** HMAC key for blind indexes (its own key, never a data key), base64 ≥ 32 bytes. */
  blind_index_key: string
}

export class KeyringError extends Error {
  override name = "KeyringError"
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

export class Keyring {
  private readonly keys = new Map<string, Buffer>()
  private readonly blindKey: Buffer
  readonly activeKeyId: string

  constructor(config: KeyringConfig) {
    for (const [id, encoded] of Object.entries(config.keys)) {
      if (!KEY_ID.test(id)) throw new KeyringError(`Encryption key id ${JSON.stringify(id)} must be 1-32 of A-Z a-z 0-9 _ -`)
      const key = Buffer.from(encoded, "base64")
      if (key.length !== 32) throw new KeyringError(`Encryption key ${id} must be 32 bytes (base64), got ${key.length}`)
      this.keys.set(id, key)
    }
    if (!this.keys.has(config.active_key_id)) throw new KeyringError(`Active encryption key ${config.active_key_id} is not in the keyring`)
    this.activeKeyId = config.active_key_id
    this.blindKey = Buffer.from(config.blind_index_key ?? "", "base64")
    if (this.blindKey.length < 32) throw new KeyringError("The blind index key must be at least 32 bytes (base64)")
    for (const key of this.keys.values()) {
      if (key.length === this.blindKey.length && timingSafeEqual(key, this.blindKey)) throw new KeyringError("The blind index key must differ from every data key")
    }
  }

  /** From env: MLM_ENCRYPTION_KEYS, MLM_ACTIVE_KEY_ID, MLM_BLIND_INDEX_KEY; undefined when unset. */
  static configFromEnv(env: NodeJS.ProcessEnv = process.env): KeyringConfig | undefined {
    if (!env.MLM_ENCRYPTION_KEYS) return undefined
    const keys: Record<string, string> = {}
    for (const entry of env.MLM_ENCRYPTION_KEYS.split(",")) {
      const at = entry.indexOf(":")
      if (at <= 0) throw new KeyringError("MLM_ENCRYPTION_KEYS must be a comma-separated list of <key id>:<base64 key>")
      keys[entry.slice(0, at).trim()] = entry.slice(at + 1).trim()
    }
    return { keys, active_key_id: env.MLM_ACTIVE_KEY_ID ?? Object.keys(keys)[0], blind_index_key: env.MLM_BLIND_INDEX_KEY ?? "" }
  }

  hasKey(id: string): boolean {
    return this.keys.has(id)
  }

  encrypt(plaintext: Buffer | string, aad: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.activeKeyId)!, iv, { authTagLength: 16 })
    cipher.setAAD(Buffer.from(aad, "utf8"))
    const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final()])
    return ["v1", this.activeKeyId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".")
  }

  /** Throws KeyringError on any tampering, a wrong row/field (aad), or an unknown key. */
  decrypt(value: string, aad: string): Buffer {
    const parts = value.split(".")
    if (parts.length !== 5 || parts[0] !== "v1") throw new KeyringError("Encrypted value has an unknown format")
    const key = this.keys.get(parts[1])
    if (!key) throw new KeyringError(`Encrypted value uses key ${parts[1]}, which is not in the keyring`)
    const iv = Buffer.from(parts[2], "base64url")
    const tag = Buffer.from(parts[3], "base64url")
    if (iv.length !== 12 || tag.length !== 16) throw new KeyringError("Encrypted value has a bad IV or tag length")
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 })
      decipher.setAAD(Buffer.from(aad, "utf8"))
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(Buffer.from(parts[4], "base64url")), decipher.final()])
    } catch {
      throw new KeyringError("Encrypted value does not authenticate (tampered, or bound to another row or field)")
    }
  }

  keyIdOf(value: string): string {
    return value.split(".")[1] ?? ""
  }

  /** HMAC-SHA256 of a normalised value: equal inputs match without decrypting anything. */
  blindIndex(normalised: string, purpose: string): string {
    return createHmac("sha256", this.blindKey).update(purpose).update("\u0000").update(normalised, "utf8").digest("hex")
  }
}
