/**
 * The personal fields a distributor record may hold, what a valid value is, how a tax ID is
 * normalised for its blind index, and how each field is masked. No card data: payout bank
 * details are a provider token plus the last four digits (PCI DSS 4.0.1 3.3.1), and a token that
 * contains a card number is refused.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

export const PRIVATE_FIELDS = ["tax_id", "date_of_birth", "phone", "bank_token"] as const
export type PrivateField = (typeof PRIVATE_FIELDS)[number]

export const CARD_NUMBER_REFUSAL = "Card numbers are never stored"

export type BankDetails = { token: string; last4: string }

/** Plaintext personal data of one distributor (null = not held). */
export type PrivateValues = {
  tax_id: string | null
  date_of_birth: string | null
  phone: string | null
  bank: BankDetails | null
}

/** A partial update: a key absent is unchanged, null clears the field. */
export type PrivateChanges = Partial<PrivateValues>

/** Uppercase, without spaces and dashes: "de 123-456" and "DE123456" are one tax ID. */
export function normaliseTaxId(raw: string): string {
  return raw.replace(/[\s-]/g, "").toUpperCase()
}

/** Luhn checksum over a digit string. */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * True when the text contains a card number: a run of 13-19 digits (single spaces or dashes
 * between digits allowed, as people type them) that passes Luhn. Longer runs are not PANs.
 */
export function containsCardNumber(text: string): boolean {
  for (const run of text.match(/\d(?:[ -]?\d)*/g) ?? []) {
    const digits = run.replace(/[ -]/g, "")
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true
  }
  return false
}

const TAX_ID_RAW = /^[A-Za-z0-9 -]{1,40}$/
const TAX_ID = /^[A-Z0-9]{4,20}$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const E164 = /^\+[1-9][0-9]{6,14}$/
const TOKEN = /^[\x21-\x7E]{1,200}$/

function isPastDateFrom1900(text: string, today: Date): boolean {
  const match = ISO_DATE.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  const isCalendarDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  return isCalendarDate && year >= 1900 && date.getTime() < startOfToday
}

export const taxIdField = z
  .string()
  .max(40, "tax_id must be at most 40 characters")
  .regex(TAX_ID_RAW, "tax_id must contain only letters, digits, spaces and dashes")
  .transform(normaliseTaxId)
  .pipe(z.string().regex(TAX_ID, "tax_id must be 4-20 letters and digits once spaces and dashes are removed"))

export const dateOfBirthField = z
  .string()
  .max(10, "date_of_birth must be an ISO date (YYYY-MM-DD)")
  .refine((text) => isPastDateFrom1900(text, new Date()), "date_of_birth must be an ISO date (YYYY-MM-DD) in the past, from 1900-01-01")

export const phoneField = z
  .string()
  .max(16, "phone must be in E.164 format, e.g. +4915112345678")
  .regex(E164, "phone must be in E.164 format, e.g. +4915112345678")

/** The card check runs before the format check so a typed card number always gets its own answer. */
export const bankDetailsSchema = z
  .object({
    token: z.string().superRefine((token, ctx) => {
      if (containsCardNumber(token)) ctx.addIssue({ code: "custom", message: CARD_NUMBER_REFUSAL })
      else if (!TOKEN.test(token)) ctx.addIssue({ code: "custom", message: "bank.token must be 1-200 printable characters without spaces (a payout provider's token)" })
    }),
    last4: z.string().regex(/^[0-9]{4}$/, "bank.last4 must be four digits"),
  })
  .strict()

export const personalChangesSchema = z
  .object({
    tax_id: taxIdField.nullable().optional(),
    date_of_birth: dateOfBirthField.nullable().optional(),
    phone: phoneField.nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, "Give at least one of tax_id, date_of_birth, phone")

/** Everything a service caller may change in one call (HTTP splits personal and bank details). */
export const privateChangesSchema = z
  .object({
    tax_id: taxIdField.nullable().optional(),
    date_of_birth: dateOfBirthField.nullable().optional(),
    phone: phoneField.nullable().optional(),
    bank: bankDetailsSchema.nullable().optional(),
  })
  .strict()

// ── Masks: what a reader without `reveal` sees ───────────────────────────────────────────────

export function maskTaxId(taxId: string): string {
  return taxId.length > 4 ? `***${taxId.slice(-4)}` : "***"
}

/** Country prefix and the last two digits: enough to recognise a number, not to call it. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}${"*".repeat(Math.max(phone.length - 5, 3))}${phone.slice(-2)}`
}

export function maskValues(values: PrivateValues): PrivateValues {
  return {
    tax_id: values.tax_id === null ? null : maskTaxId(values.tax_id),
    date_of_birth: values.date_of_birth === null ? null : "****-**-**",
    phone: values.phone === null ? null : maskPhone(values.phone),
    bank: values.bank === null ? null : { token: "***", last4: values.bank.last4 },
  }
}

/** Validates a service caller's changes (routes validate first; this guards every other caller). */
export function parsePrivateChanges(input: unknown): PrivateChanges {
  const parsed = privateChangesSchema.safeParse(input)
  if (!parsed.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues.map((issue) => issue.message).join("; "))
  return parsed.data
}
