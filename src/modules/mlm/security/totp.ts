/**
 * The plugin's TOTP factor (RFC 6238, SHA-1, 30-second steps), computed with otplib 13.5.0 like
 * Medusa's own MFA. Pure: the caller passes the time, so the acceptance window is testable.
 *
 * Built from otplib's own packages with node:crypto and a base32 codec here, as
 * @medusajs/auth does: the `otplib` entry point loads @scure/base and @noble/hashes, which are
 * ESM-only and cannot be required under Jest (every integration test boots Medusa in Jest).
 *
 * Window (ASVS 6.5.5): the current step and at most ONE step in the past (a code typed at the
 * end of its 30 seconds still counts), none in the future. The step a code matched is returned so
 * the caller can claim it once per account (the replay guard lives in the database, mfa-sql.ts).
 *
 * otplib throws on a token of the wrong length or with non-digits; a malformed code here is an
 * ordinary "invalid", never an exception a route would answer with a 500.
 */
import { createBase32Plugin, generateSecret, TokenError } from "@otplib/core"
import { crypto as nodeCrypto } from "@otplib/plugin-crypto-node"
import { generate, verify } from "@otplib/totp"
import { generateTOTP } from "@otplib/uri"

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** 20 random bytes (160 bits), RFC 4226's recommended secret length; otplib needs at least 16. */
export const TOTP_SECRET_BYTES = 20

/** A base32 secret as authenticator apps use it, or raw bytes (the RFC test vectors). */
export type TotpSecret = string | Uint8Array
export type TotpDigits = 6 | 8

export type TotpCheck =
  | { valid: true; step: number }
  | { valid: false; reason: "malformed" | "mismatch" }

export function timeStepAt(epochSeconds: number): number {
  return Math.floor(epochSeconds / TOTP_PERIOD_SECONDS)
}

/** Exactly `digits` ASCII digits: no spaces, signs, NUL or other Unicode digits. */
export function isWellFormedCode(code: unknown, digits: TotpDigits = TOTP_DIGITS): code is string {
  return typeof code === "string" && code.length === digits && /^[0-9]+$/.test(code)
}

/**
 * Does `code` match the secret at `epochSeconds` (this step or the one before)? Never throws for
 * any code; a bad secret (a corrupted row) is the caller's error and does throw.
 */
export async function checkTotp(input: {
  secret: TotpSecret
  code: unknown
  epochSeconds: number
  digits?: TotpDigits
}): Promise<TotpCheck> {
  const digits = input.digits ?? TOTP_DIGITS
  if (!isWellFormedCode(input.code, digits)) return { valid: false, reason: "malformed" }
  if (!Number.isFinite(input.epochSeconds) || input.epochSeconds < 0) {
    throw new RangeError(`checkTotp: epochSeconds must be a non-negative number, got ${input.epochSeconds}`)
  }
  let result: Awaited<ReturnType<typeof verify>>
  try {
    result = await verify({
      ...plugins,
      secret: input.secret,
      token: input.code,
      digits,
      period: TOTP_PERIOD_SECONDS,
      epoch: input.epochSeconds,
      // [past, future] in seconds: one period back reaches exactly the previous step.
      epochTolerance: [TOTP_PERIOD_SECONDS, 0],
    })
  } catch (error) {
    // otplib's token errors (length, characters) are the caller's bad input; anything else is ours.
    if (error instanceof TokenError) return { valid: false, reason: "malformed" }
    throw error
  }
  if (!result.valid) return { valid: false, reason: "mismatch" }
  const step = (result as { timeStep?: number }).timeStep
  const current = timeStepAt(input.epochSeconds)
  // Re-check the window ourselves: the acceptance rule must not depend on a library default.
  if (typeof step !== "number" || step > current || step < current - 1) return { valid: false, reason: "mismatch" }
  return { valid: true, step }
}

/** The code an authenticator shows at `epochSeconds` (tests, and the RFC vectors). */
export function totpCodeAt(secret: TotpSecret, epochSeconds: number, digits: TotpDigits = TOTP_DIGITS): Promise<string> {
  return generate({ ...plugins, secret, digits, period: TOTP_PERIOD_SECONDS, epoch: epochSeconds })
}

/** A fresh base32 secret from a CSPRNG. */
export function newTotpSecret(): string {
  return generateSecret({ ...plugins, length: TOTP_SECRET_BYTES })
}

/** The otpauth:// URI an authenticator app scans (shown once, at enrollment). */
export function totpUri(input: { issuer: string; label: string; secret: string }): string {
  return generateTOTP({
    algorithm: "sha1",
    issuer: input.issuer,
    label: input.label,
    secret: input.secret,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  })
}

// RFC 4648 base32 (upper case, no padding), what authenticator apps read from otpauth URIs.
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

function encodeBase32(bytes: Uint8Array): string {
  let output = ""
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  return output
}

function decodeBase32(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/=+$/, "")
  const bytes: number[] = []
  let buffer = 0
  let bits = 0
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char)
    if (value < 0) throw new RangeError("A TOTP secret must be base32 (A-Z, 2-7)")
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((buffer >> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(bytes)
}

const plugins = {
  crypto: nodeCrypto,
  base32: createBase32Plugin({ name: "mlm-base32", encode: encodeBase32, decode: decodeBase32 }),
}
