/**
 * The plan simulator (spec "Command"):
 *   npm run --silent simulate -- <file.json>   prints the result JSON on stdout, exit 0
 *   npm run --silent simulate -- -             reads the document from stdin
 * An invalid document prints `path: message` lines on stderr, nothing on stdout, and exits 2.
 */
import { readFileSync } from "node:fs"
import { EngineValidationError, simulate } from "../src/engine"

const EXIT_INVALID = 2
const MAX_ISSUES_SHOWN = 20

function fail(lines: string[]): never {
  process.stderr.write(lines.join("\n") + "\n")
  process.exit(EXIT_INVALID)
}

function readDocument(source: string | undefined): string {
  if (source === undefined) fail(["usage: npm run --silent simulate -- <file.json | ->"])
  try {
    return readFileSync(source === "-" ? 0 : source, "utf8")
  } catch (error) {
    fail([`cannot read ${source === "-" ? "stdin" : source}: ${(error as Error).message}`])
  }
}

function main(): void {
  const text = readDocument(process.argv[2])
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    fail([`(document): not valid JSON: ${(error as Error).message}`])
  }
  try {
    const result = simulate(doc)
    process.stdout.write(JSON.stringify(result, null, 2) + "\n")
  } catch (error) {
    if (!(error instanceof EngineValidationError)) throw error
    const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => `${issue.path}: ${issue.message}`)
    if (error.issues.length > MAX_ISSUES_SHOWN) shown.push(`… and ${error.issues.length - MAX_ISSUES_SHOWN} more`)
    fail(shown)
  }
}

main()
