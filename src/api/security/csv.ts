/**
 * CSV for spreadsheets that finance opens (docs/security.md, "CSV exports"; OWASP CSV Injection,
 * ASVS 5.0 1.2.10). A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab,
 * carriage return or line feed first; also their fullwidth forms, which some spreadsheets fold to
 * ASCII) gets a leading single quote, so it shows as the text it is. Every cell is quoted and
 * inner quotes doubled (RFC 4180), so a comma, quote or line break inside a name cannot start a
 * new cell or row.
 *
 * Numbers are not formulas: an amount is written as its digits, `-123` included. A string that
 * is exactly a decimal number (`-123`, `-0.5`) is a number too; `-1+1`, `-A1` or `- 5` are not.
 */

export type CsvValue = string | number | bigint | boolean | Date | null | undefined

const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/
const DECIMAL = /^-?\d+(\.\d+)?$/

/** The cell's text once neutralised (unquoted). */
export function neutraliseCell(value: CsvValue): string {
  if (value === null || value === undefined) return ""
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`CSV cell ${value} is not a finite number`)
    return String(value)
  }
  if (typeof value === "bigint" || typeof value === "boolean") return String(value)
  if (value instanceof Date) return value.toISOString()
  return FORMULA_START.test(value) && !DECIMAL.test(value) ? `'${value}` : value
}

/** One cell: neutralised, quoted, inner quotes doubled. */
export function csvCell(value: CsvValue): string {
  return `"${neutraliseCell(value).replace(/"/g, '""')}"`
}

/** One record, CRLF-terminated (RFC 4180). */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`
}

/** A byte-order mark first, so spreadsheets read the file as UTF-8 (names with accents). */
export const CSV_BOM = "\uFEFF"
