/**
 * The words of the ledger's filters, shared by the API's validators and the admin's ledger page.
 * Pure data (no Medusa import, a type-only one of the engine), so the admin bundle can take it.
 */
import type { Bonus } from "../../../../engine"

/** Line states (docs/ledger.md): pending while held, then available, or canceled during the hold. */
export const LEDGER_LINE_STATUSES = ["pending", "available", "canceled"] as const

/** Every bonus a ledger line can carry: the engine's `Bonus` names, nothing else. */
export const LEDGER_BONUSES = [
  "unilevel",
  "retail_profit",
  "fast_start",
  "binary",
  "matrix",
  "matrix_completion",
  "board_cycle",
  "board_reentry_fee",
  "stair_step",
  "generation",
  "matching",
  "pool",
] as const satisfies readonly Bonus[]
