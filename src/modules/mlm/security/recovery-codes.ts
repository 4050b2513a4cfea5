/**
 * Recovery codes (NIST 800-63B look-up secrets): 10 per confirmed factor, shown once, stored only
 * as salted SHA-256, each usable once (mfa-sql.ts removes the matched hash atomically). A code has
 * 80 random bits, so a fast salted hash is enough: nobody can enumerate 2^80 candidates, and a
 * slow KDF would cost up to 10 derivations on every attempt.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

export const RECOVERY_CODE_COUNT = 10
// Crockford-like: no I, O, 0 or 1 to misread. 32 symbols, so `byte & 31` draws without bias.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
const CODE_LENGTH = 16
const GROUP = 4
const HASH_PREFIX = "s256"

/** `ABCD-EFGH-JKLM-NPQR` codes from a CSPRNG. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const symbols = Array.from(randomBytes(CODE_LENGTH), (byte) => ALPHABET[byte & 31]).join("")
    return symbols.match(new RegExp(`.{${GROUP}}`, "g"))!.join("-")
  })
}

/** Upper case without separators; null unless it is 16 symbols of the alphabet. */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[-\s]/g, "")
  if (compact.length !== CODE_LENGTH) return null
  for (const char of compact) if (!ALPHABET.includes(char)) return null
  return compact
}

export function hashRecoveryCode(code: string, salt: Buffer = randomBytes(16)): string {
  const normalised = normaliseRecoveryCode(code)
  if (!normalised) throw new RangeError("Not a recovery code")
  return `${HASH_PREFIX}$${salt.toString("base64url")}$${digest(salt, normalised).toString("hex")}`
}

/**
 * The stored hash `code` matches, or null. Every stored hash is compared, in constant time, so
 * the answer's timing does not tell which position (if any) matched.
 */
export function findRecoveryCodeHash(code: string, storedHashes: readonly string[]): string | null {
  const normalised = normaliseRecoveryCode(code)
  let match: string | null = null
  for (const stored of storedHashes) {
    const [prefix, salt, hex] = stored.split("$")
    if (prefix !== HASH_PREFIX || !salt || !hex) continue
    const expected = Buffer.from(hex, "hex")
    const actual = digest(Buffer.from(salt, "base64url"), normalised ?? "")
    if (normalised && expected.length === actual.length && timingSafeEqual(expected, actual) && match === null) match = stored
  }
  return match
}

function digest(salt: Buffer, normalised: string): Buffer {
  return createHash("sha256").update(salt).update(normalised, "utf8").digest()
}
