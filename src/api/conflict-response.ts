import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa's error handler answers every CONFLICT with a generic "conflicted with another request"
 * text. Our 409s carry domain meaning ("already a distributor", "would create a cycle"), so the
 * routes that can raise them answer with the service's own message instead.
 */
export function withConflictMessage<Req extends MedusaRequest>(
  handler: (req: Req, res: MedusaResponse) => Promise<void>
): (req: Req, res: MedusaResponse) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (error) {
      if (isConflict(error)) {
        res.status(409).json({ type: MedusaError.Types.CONFLICT, message: error.message })
        return
      }
      throw error
    }
  }
}

function isConflict(error: unknown): error is MedusaError {
  return (
    error instanceof Error &&
    MedusaError.isMedusaError(error) &&
    (error as MedusaError).type === MedusaError.Types.CONFLICT
  )
}
