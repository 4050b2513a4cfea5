import { createCipheriv, randomBytes } from "node:crypto"
import { Keyring, KeyringError } from "../../src/modules/mlm/security/keyring"
import { fieldAad } from "../../src/modules/mlm/security/private-data"
import {
  bankDetailsSchema,
  CARD_NUMBER_REFUSAL,
  containsCardNumber,
  dateOfBirthField,
  maskPhone,
  maskTaxId,
  maskValues,
  normaliseTaxId,
  parsePrivateChanges,
  passesLuhn,
  phoneField,
  taxIdField,
} from "../../src/modules/mlm/security/private-fields"
import { dataKeyId, SubjectCipher, subjectKeyAad, unwrapSubjectKey, wrapSubjectKey } from "../../src/modules/mlm/security/subject-keys"

// The test keyring of .env.test (t1, t2, blind-index key), with t1 or t2 active.
function testKeyring(active: "t1" | "t2" = "t2", drop?: string): Keyring {
  const config = Keyring.configFromEnv()!
  const keys = { ...config.keys }
  if (drop) delete keys[drop]
  return new Keyring({ ...config, keys, active_key_id: active })
}

/** Replaces part `index` of a `v1.<key>.<iv>.<tag>.<ct>` value. */
function withPart(value: string, index: number, part: string): string {
  const parts = value.split(".")
  parts[index] = part
  return parts.join(".")
}

function flipFirstByte(base64url: string): string {
  const bytes = Buffer.from(base64url, "base64url")
  bytes[0] ^= 0x01
  return bytes.toString("base64url")
}

describe("SubjectCipher (a subject's data key)", () => {
  const cipher = SubjectCipher.generate()
  const aad = fieldAad("mlmdist_A", "tax_id")

  it("round-trips a value in the keyring's format, naming the data key", () => {
    const value = cipher.encrypt("DE123456789", aad)
    const parts = value.split(".")
    expect(parts).toHaveLength(5)
    expect(parts[0]).toBe("v1")
    expect(parts[1]).toBe(cipher.keyId)
    expect(parts[1]).toMatch(/^dk[0-9a-f]{16}$/)
    expect(Buffer.from(parts[2], "base64url")).toHaveLength(12)
    expect(Buffer.from(parts[3], "base64url")).toHaveLength(16)
    expect(value).not.toContain("DE123456789")
    expect(cipher.decrypt(value, aad)).toBe("DE123456789")
  })

  it("uses a fresh IV for every value: equal plaintexts give different values", () => {
    const values = Array.from({ length: 50 }, () => cipher.encrypt("+4915112345678", aad))
    expect(new Set(values.map((value) => value.split(".")[2])).size).toBe(50)
    expect(new Set(values).size).toBe(50)
    for (const value of values) expect(cipher.decrypt(value, aad)).toBe("+4915112345678")
  })

  it("refuses a tampered ciphertext, a tampered tag and a tampered IV", () => {
    const value = cipher.encrypt("DE123456789", aad)
    const parts = value.split(".")
    for (const tampered of [withPart(value, 4, flipFirstByte(parts[4])), withPart(value, 3, flipFirstByte(parts[3])), withPart(value, 2, flipFirstByte(parts[2]))]) {
      expect(() => cipher.decrypt(tampered, aad)).toThrow(KeyringError)
      expect(() => cipher.decrypt(tampered, aad)).toThrow("Encrypted value does not authenticate (tampered, or bound to another row or field)")
    }
  })

  it("refuses a value moved to another row or another field (associated data)", () => {
    const value = cipher.encrypt("DE123456789", aad)
    expect(() => cipher.decrypt(value, fieldAad("mlmdist_B", "tax_id"))).toThrow("Encrypted value does not authenticate")
    expect(() => cipher.decrypt(value, fieldAad("mlmdist_A", "phone"))).toThrow("Encrypted value does not authenticate")
  })

  it("refuses a value from another subject: its key id is not this subject's", () => {
    const other = SubjectCipher.generate()
    const foreign = other.encrypt("DE123456789", aad)
    expect(() => cipher.decrypt(foreign, aad)).toThrow(KeyringError)
    expect(() => cipher.decrypt(foreign, aad)).toThrow(`Encrypted value uses key ${other.keyId}, which is not this subject's data key`)
    // Relabelled with this subject's key id, it still fails: GCM authenticates under the real key.
    expect(() => cipher.decrypt(withPart(foreign, 1, cipher.keyId), aad)).toThrow("Encrypted value does not authenticate")
  })

  it("refuses a short (4-byte) tag even when it is the genuine tag of that length", () => {
    const key = randomBytes(32)
    const subject = new SubjectCipher(key)
    const iv = randomBytes(12)
    const gcm = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 4 })
    gcm.setAAD(Buffer.from(aad, "utf8"))
    const body = Buffer.concat([gcm.update("DE123456789", "utf8"), gcm.final()])
    const shortTagValue = ["v1", subject.keyId, iv.toString("base64url"), gcm.getAuthTag().toString("base64url"), body.toString("base64url")].join(".")
    expect(gcm.getAuthTag()).toHaveLength(4)
    expect(() => subject.decrypt(shortTagValue, aad)).toThrow("Encrypted value has a bad IV or tag length")
  })

  it("refuses unknown formats and key ids", () => {
    const value = cipher.encrypt("x", aad)
    expect(() => cipher.decrypt(withPart(value, 0, "v2"), aad)).toThrow("Encrypted value has an unknown format")
    expect(() => cipher.decrypt(value.split(".").slice(0, 4).join("."), aad)).toThrow("Encrypted value has an unknown format")
    expect(() => cipher.decrypt(withPart(value, 1, "dk0000000000000000"), aad)).toThrow(KeyringError)
  })

  it("needs a 32-byte key; the key id is a fingerprint, stable for one key and distinct across keys", () => {
    expect(() => new SubjectCipher(randomBytes(16))).toThrow("A data key must be 32 bytes, got 16")
    const key = randomBytes(32)
    expect(new SubjectCipher(key).keyId).toBe(dataKeyId(key))
    expect(dataKeyId(randomBytes(32))).not.toBe(dataKeyId(key))
  })
})

describe("wrapping a subject key with the keyring", () => {
  it("unwraps to the same data key; the wrapped value names the keyring key that wrapped it", () => {
    const keyring = testKeyring("t1")
    const cipher = SubjectCipher.generate()
    const wrapped = wrapSubjectKey(keyring, "mlmdist_A", cipher)
    expect(keyring.keyIdOf(wrapped)).toBe("t1")
    const unwrapped = unwrapSubjectKey(testKeyring("t2"), { subject_id: "mlmdist_A", kek_id: "t1", wrapped_key: wrapped })
    expect(unwrapped.keyId).toBe(cipher.keyId)
    expect(unwrapped.decrypt(cipher.encrypt("1980-04-02", "a:date_of_birth"), "a:date_of_birth")).toBe("1980-04-02")
  })

  it("refuses a wrapped key moved to another subject, and one whose keyring key is gone", () => {
    const keyring = testKeyring("t1")
    const wrapped = wrapSubjectKey(keyring, "mlmdist_A", SubjectCipher.generate())
    expect(subjectKeyAad("mlmdist_A")).toBe("subject-key:mlmdist_A")
    expect(() => unwrapSubjectKey(keyring, { subject_id: "mlmdist_B", kek_id: "t1", wrapped_key: wrapped })).toThrow(KeyringError)
    expect(() => unwrapSubjectKey(testKeyring("t2", "t1"), { subject_id: "mlmdist_A", kek_id: "t1", wrapped_key: wrapped })).toThrow(
      "Encrypted value uses key t1, which is not in the keyring",
    )
  })
})

describe("tax ID blind index", () => {
  const keyring = testKeyring()
  const index = (raw: string) => keyring.blindIndex(normaliseTaxId(raw), "tax_id")

  it("is equal for tax IDs equal once uppercased without spaces and dashes, different otherwise", () => {
    expect(normaliseTaxId(" de 123-456 789 ")).toBe("DE123456789")
    expect(index("de 123-456 789")).toBe(index("DE123456789"))
    expect(index("DE-123-456-789")).toBe(index("DE123456789"))
    expect(index("DE123456780")).not.toBe(index("DE123456789"))
    expect(index("FR123456789")).not.toBe(index("DE123456789"))
    expect(index("DE123456789")).toMatch(/^[0-9a-f]{64}$/)
  })

  it("depends on its purpose and key, so it cannot be matched against another index", () => {
    expect(keyring.blindIndex("DE123456789", "phone")).not.toBe(index("DE123456789"))
    const otherKey = new Keyring({ ...Keyring.configFromEnv()!, blind_index_key: randomBytes(32).toString("base64") })
    expect(otherKey.blindIndex("DE123456789", "tax_id")).not.toBe(index("DE123456789"))
  })
})

describe("card numbers are never stored", () => {
  it("Luhn: known valid and invalid numbers", () => {
    expect(["79927398713", "4242424242424242", "4111111111111111", "5555555555554444", "378282246310005"].map(passesLuhn)).toEqual([true, true, true, true, true])
    expect(["79927398710", "4242424242424241", "1234567812345678"].map(passesLuhn)).toEqual([false, false, false])
  })

  it("finds a 13-19 digit Luhn-valid run, plain, spaced, dashed or inside a token; nothing else", () => {
    expect(containsCardNumber("4242424242424242")).toBe(true)
    expect(containsCardNumber("4242 4242 4242 4242")).toBe(true)
    expect(containsCardNumber("4242-4242-4242-4242")).toBe(true)
    expect(containsCardNumber("tok_4111111111111111_x")).toBe(true)
    expect(containsCardNumber("4222222222222")).toBe(true) // 13-digit test Visa
    expect(containsCardNumber("4242424242424241")).toBe(false) // fails Luhn
    expect(containsCardNumber("424242424242")).toBe(false) // 12 digits
    expect(containsCardNumber("42424242424242424242")).toBe(false) // 20 digits: not a PAN
    expect(containsCardNumber("ba_1MqB3c2eZvKYlo2CnBzVq8gs")).toBe(false)
  })

  it("bank details: a card number in the token is refused with its own message, formats are checked", () => {
    const refusal = bankDetailsSchema.safeParse({ token: "4242 4242 4242 4242", last4: "4242" })
    expect(refusal.success).toBe(false)
    expect(refusal.error!.issues.map((issue) => issue.message)).toEqual([CARD_NUMBER_REFUSAL])
    expect(CARD_NUMBER_REFUSAL).toBe("Card numbers are never stored")
    expect(bankDetailsSchema.safeParse({ token: "ba_1MqB3c2eZvKYlo2CnBzVq8gs", last4: "6789" }).success).toBe(true)
    expect(bankDetailsSchema.safeParse({ token: "x".repeat(201), last4: "6789" }).success).toBe(false)
    expect(bankDetailsSchema.safeParse({ token: "has space", last4: "6789" }).success).toBe(false)
    expect(bankDetailsSchema.safeParse({ token: "tok", last4: "678" }).success).toBe(false)
    expect(bankDetailsSchema.safeParse({ token: "tok", last4: "6789", pan: "1" }).success).toBe(false)
  })

  it("the service-side parser answers the same refusal as a 400 (INVALID_DATA)", () => {
    expect(() => parsePrivateChanges({ bank: { token: "4111111111111111", last4: "1111" } })).toThrow(CARD_NUMBER_REFUSAL)
    try {
      parsePrivateChanges({ bank: { token: "4111111111111111", last4: "1111" } })
    } catch (error) {
      expect((error as { type: string }).type).toBe("invalid_data")
    }
  })
})

describe("field validation", () => {
  it("tax ID: 4-20 letters and digits after normalising, bounded raw length", () => {
    expect(taxIdField.parse("de 123-456 789")).toBe("DE123456789")
    expect(taxIdField.safeParse("DE1").success).toBe(false)
    expect(taxIdField.safeParse("A".repeat(21)).success).toBe(false)
    expect(taxIdField.safeParse(" ".repeat(41)).success).toBe(false)
    expect(taxIdField.safeParse("DE123'; DROP TABLE").success).toBe(false)
    expect(taxIdField.safeParse("DE123\u0000456").success).toBe(false)
  })

  it("date of birth: a real ISO calendar date, in the past, from 1900", () => {
    expect(dateOfBirthField.parse("1980-04-02")).toBe("1980-04-02")
    expect(dateOfBirthField.parse("1900-01-01")).toBe("1900-01-01")
    expect(dateOfBirthField.parse("2000-02-29")).toBe("2000-02-29")
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const today = new Date().toISOString().slice(0, 10)
    for (const bad of ["1899-12-31", "2023-02-29", "1980-13-01", "1980-4-2", "02/04/1980", tomorrow, today, "1980-04-02T00:00:00Z"]) {
      expect([bad, dateOfBirthField.safeParse(bad).success]).toEqual([bad, false])
    }
  })

  it("phone: E.164 only", () => {
    expect(phoneField.parse("+4915112345678")).toBe("+4915112345678")
    for (const bad of ["015112345678", "+0151123456", "+49 151 1234567", "+1234567890123456", "+49151abc"]) {
      expect([bad, phoneField.safeParse(bad).success]).toEqual([bad, false])
    }
  })

  it("the service-side parser refuses unknown fields (no mass assignment)", () => {
    expect(() => parsePrivateChanges({ tax_id: "DE123456789", tax_id_bidx: "x" })).toThrow()
    expect(parsePrivateChanges({ tax_id: "de 123-456 789", phone: null })).toEqual({ tax_id: "DE123456789", phone: null })
  })
})

describe("masks", () => {
  it("show the last four of a tax ID, the prefix and last two digits of a phone, nothing of a birth date or token", () => {
    expect(maskTaxId("DE123451234")).toBe("***1234")
    expect(maskTaxId("1234")).toBe("***")
    expect(maskPhone("+4915112345678")).toBe("+49*********78")
    expect(maskValues({ tax_id: "DE123451234", date_of_birth: "1980-04-02", phone: "+4915112345678", bank: { token: "ba_123", last4: "6789" } })).toEqual({
      tax_id: "***1234",
      date_of_birth: "****-**-**",
      phone: "+49*********78",
      bank: { token: "***", last4: "6789" },
    })
  })
})
