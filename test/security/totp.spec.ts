import {
  checkTotp,
  isWellFormedCode,
  newTotpSecret,
  timeStepAt,
  totpCodeAt,
  totpUri,
} from "../../src/modules/mlm/security/totp"

// RFC 6238 appendix B and RFC 4226 appendix D share this ASCII secret (SHA-1).
const RFC_SECRET = new TextEncoder().encode("12345678901234567890")

const RFC6238_SHA1: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
]

// HOTP(counter) = TOTP at the first second of step `counter`.
const RFC4226_HOTP = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]

describe("RFC 6238 SHA-1 vectors (8 digits)", () => {
  it.each(RFC6238_SHA1)("T=%i generates and verifies %s at its own step", async (epochSeconds, code) => {
    expect(await totpCodeAt(RFC_SECRET, epochSeconds, 8)).toBe(code)
    expect(await checkTotp({ secret: RFC_SECRET, code, epochSeconds, digits: 8 })).toEqual({
      valid: true,
      step: timeStepAt(epochSeconds),
    })
  })
})

describe("RFC 4226 HOTP vectors as TOTP steps (6 digits)", () => {
  it.each(RFC4226_HOTP.map((code, counter) => [counter, code] as const))("counter %i is %s", async (counter, code) => {
    const epochSeconds = counter * 30
    expect(await totpCodeAt(RFC_SECRET, epochSeconds)).toBe(code)
    expect(await checkTotp({ secret: RFC_SECRET, code, epochSeconds })).toEqual({ valid: true, step: counter })
  })
})

describe("the acceptance window: this step and one step back, none ahead", () => {
  // Step 5 is [150, 180): RFC 4226's code for counter 5 is 254676.
  const stepFive = "254676"

  it("accepts a code anywhere in its own step", async () => {
    for (const epochSeconds of [150, 165, 179]) {
      expect(await checkTotp({ secret: RFC_SECRET, code: stepFive, epochSeconds })).toEqual({ valid: true, step: 5 })
    }
  })

  it("accepts it during the whole next step, reporting the step it belongs to", async () => {
    for (const epochSeconds of [180, 195, 209]) {
      expect(await checkTotp({ secret: RFC_SECRET, code: stepFive, epochSeconds })).toEqual({ valid: true, step: 5 })
    }
  })

  it("refuses it two steps later", async () => {
    for (const epochSeconds of [210, 239, 300]) {
      expect(await checkTotp({ secret: RFC_SECRET, code: stepFive, epochSeconds })).toEqual({ valid: false, reason: "mismatch" })
    }
  })

  it("refuses it before its step starts (a code from the future)", async () => {
    for (const epochSeconds of [149, 120, 0]) {
      expect(await checkTotp({ secret: RFC_SECRET, code: stepFive, epochSeconds })).toEqual({ valid: false, reason: "mismatch" })
    }
  })

  it("refuses a wrong code of the right shape as a mismatch", async () => {
    expect(await checkTotp({ secret: RFC_SECRET, code: "000000", epochSeconds: 165 })).toEqual({ valid: false, reason: "mismatch" })
  })
})

describe("malformed codes are invalid, never an exception", () => {
  const malformed: unknown[] = [
    "",
    "12345",
    "1234567",
    "12345a",
    "12 456",
    "-12345",
    "+12345",
    "１２３４５６",
    "123\u0000456",
    "\u0000\u0000\u0000\u0000\u0000\u0000",
    " 254676",
    "254676\n",
    123456,
    null,
    undefined,
    ["254676"],
    { toString: () => "254676" },
  ]

  it.each(malformed.map((code) => [JSON.stringify(code) ?? String(code), code]))("%s", async (_label, code) => {
    await expect(checkTotp({ secret: RFC_SECRET, code, epochSeconds: 165 })).resolves.toEqual({ valid: false, reason: "malformed" })
    expect(isWellFormedCode(code)).toBe(false)
  })

  it("an 8-digit code where 6 are expected is malformed, and the reverse", async () => {
    expect(await checkTotp({ secret: RFC_SECRET, code: "94287082", epochSeconds: 59 })).toEqual({ valid: false, reason: "malformed" })
    expect(await checkTotp({ secret: RFC_SECRET, code: "287082", epochSeconds: 59, digits: 8 })).toEqual({ valid: false, reason: "malformed" })
  })

  it("a bad clock is the caller's bug and throws", async () => {
    await expect(checkTotp({ secret: RFC_SECRET, code: "254676", epochSeconds: Number.NaN })).rejects.toThrow(RangeError)
  })
})

describe("secrets and enrollment URIs", () => {
  it("draws 160-bit base32 secrets that differ every time", () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()))
    expect(secrets.size).toBe(50)
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  })

  it("a code generated from a new secret verifies with that secret only", async () => {
    const secret = newTotpSecret()
    const other = newTotpSecret()
    const code = await totpCodeAt(secret, 1_800_000_000)
    expect(await checkTotp({ secret, code, epochSeconds: 1_800_000_000 })).toEqual({ valid: true, step: 60_000_000 })
    expect(await checkTotp({ secret: other, code, epochSeconds: 1_800_000_000 })).toMatchObject({ valid: false })
  })

  it("reads base32 secrets as authenticator apps do (RFC 4648; the RFC secret in base32)", async () => {
    const base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    expect(await totpCodeAt(base32, 59, 8)).toBe("94287082")
    expect(await totpCodeAt(base32.toLowerCase(), 1111111109, 8)).toBe("07081804")
    expect(await checkTotp({ secret: base32, code: "755224", epochSeconds: 0 })).toEqual({ valid: true, step: 0 })
  })

  it("builds the otpauth URI authenticator apps scan", () => {
    expect(totpUri({ issuer: "MLM", label: "ana@example.com", secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" })).toBe(
      "otpauth://totp/MLM:ana%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=MLM"
    )
  })
})
