import {
  findRecoveryCodeHash,
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
} from "../../src/modules/mlm/security/recovery-codes"

describe("recovery codes", () => {
  it("draws 10 distinct 80-bit codes without look-alike symbols", () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
  })

  it("normalises case, dashes and spaces, and refuses anything else", () => {
    expect(normaliseRecoveryCode("abcd-efgh jklm-npqr")).toBe("ABCDEFGHJKLMNPQR")
    for (const bad of ["ABCD-EFGH-JKLM-NPQ", "ABCD-EFGH-JKLM-NPQRS", "ABCD-EFGH-JKLM-NPQ0", "ABCD-EFGH-JKLM-NPQI", "ABCD-EFGH-JKLM-NPQ\u0000", "", "Ａ".repeat(16)]) {
      expect(normaliseRecoveryCode(bad)).toBeNull()
    }
  })

  it("stores salted SHA-256 only: equal codes hash differently, and the code is not in the hash", () => {
    const [code] = newRecoveryCodes(1)
    const first = hashRecoveryCode(code)
    const second = hashRecoveryCode(code)
    expect(first).not.toBe(second)
    expect(first).toMatch(/^s256\$[A-Za-z0-9_-]{22}\$[0-9a-f]{64}$/)
    expect(first).not.toContain(code.replace(/-/g, ""))
    expect(() => hashRecoveryCode("nope")).toThrow(RangeError)
  })

  it("finds the stored hash a typed code matches, in any spelling, and nothing for other input", () => {
    const codes = newRecoveryCodes()
    const stored = codes.map((code) => hashRecoveryCode(code))
    expect(findRecoveryCodeHash(codes[7], stored)).toBe(stored[7])
    expect(findRecoveryCodeHash(codes[3].toLowerCase().replace(/-/g, " "), stored)).toBe(stored[3])
    expect(findRecoveryCodeHash(newRecoveryCodes(1)[0], stored)).toBeNull()
    expect(findRecoveryCodeHash("not a code", stored)).toBeNull()
    expect(findRecoveryCodeHash(codes[0], ["garbage", "s256$$", ...stored.slice(1)])).toBeNull()
  })
})
