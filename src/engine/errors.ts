/**
 * Typed validation errors naming the JSON path at fault (spec "Command": an invalid document
 * prints `plan.components[1].levels_bp[2]: must be an integer 0..10000`).
 */
import type { z } from "zod"

export type IssuePath = readonly PropertyKey[]

export interface ValidationIssue {
  path: string
  message: string
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** JS notation rooted at the document's top-level key: `events[4].cv`, `shares["Q 1"]`. */
export function formatPath(path: IssuePath): string {
  let text = ""
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`
    else if (typeof key === "string" && IDENTIFIER.test(key)) text += text === "" ? key : `.${key}`
    else text += `[${JSON.stringify(String(key))}]`
  }
  return text === "" ? "(document)" : text
}

export class EngineValidationError extends Error {
  readonly issues: ValidationIssue[]

  constructor(issues: ValidationIssue[]) {
    const first = issues[0] ?? { path: "(document)", message: "is invalid" }
    super(`${first.path}: ${first.message}`)
    this.name = "EngineValidationError"
    this.issues = issues
  }
}

/** One issue per offending element; an unknown key is reported at the key itself. */
export function issuesFromZod(error: z.core.$ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: "unknown key" })
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message })
    }
  }
  return issues
}
