import { randomInt } from "node:crypto"

/**
 * Referral codes: 8 characters of Crockford's base32 without I, L, O, U (nothing to misread
 * aloud or on paper), drawn with a CSPRNG: 32^8 ≈ 1.1e12 codes, so a code says nothing about
 * ids or enrolment order and guessing one among a million distributors takes ~10^6 tries.
 */
export const REFERRAL_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
export const REFERRAL_CODE_LENGTH = 8

export function generateReferralCode(): string {
  let code = ""
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) {
    code += REFERRAL_CODE_ALPHABET[randomInt(REFERRAL_CODE_ALPHABET.length)]
  }
  return code
}

/** Codes are case-insensitive and trimmed; stored and compared upper-case. */
export function normalizeReferralCode(input: string): string {
  return input.trim().toUpperCase()
}
