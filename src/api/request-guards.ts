import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

/**
 * Medusa's query normaliser throws INVALID_ARGUMENT (answered as 500) for keys nested more than
 * two levels (`a.b.c`). None of our query parameters contain a dot, so any dotted key is an
 * unknown parameter: reject it as a 400 before the normaliser sees it.
 */
export function rejectDottedQueryKeys(
  req: MedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
): void {
  const dotted = Object.keys(req.query ?? {}).filter((key) => key.includes("."))
  if (dotted.length) {
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid request: Unrecognized fields: '${dotted.join(", ")}'`
      )
    )
  }
  next()
}

/**
 * Route params are not validated by Medusa; an id with a NUL byte would reach PostgreSQL and
 * surface as a 500. Validates `req.params` before any handler runs.
 */
export function validateRouteParams(schema: z.ZodType<Record<string, string>>) {
  return function validateParams(
    req: MedusaRequest,
    _res: MedusaResponse,
    next: MedusaNextFunction
  ): void {
    const parsed = schema.safeParse(req.params)
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join(".") || "params"}: ${issue.message}`)
        .join("; ")
      return next(new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${detail}`))
    }
    next()
  }
}
