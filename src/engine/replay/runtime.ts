/**
 * What a plan component does at each replay step. The replay calls the hooks of every
 * component in the plan's listed order (spec "plan": components are applied in order).
 */
import type { Member, Plan, Rounding, SimulationResult } from "../types"
import type { Ledger } from "./ledger"
import type { Network } from "./network"
import type { OrderRecord, PayoutTerm } from "./orders"

export interface ReplayContext {
  readonly plan: Plan
  readonly rounding: Rounding
  readonly network: Network
  readonly ledger: Ledger
  /**
   * What the document's refunds will name, known before replaying (the document is whole), so
   * per-order state that only a refund reads is kept just for the orders that need it.
   */
  readonly refunds: { readonly count: number; readonly orderIds: ReadonlySet<string> }
  /** Every member in join order (the members list, then join events): member index = position. */
  readonly roster: readonly Member[]
}

export interface JoinInfo {
  member: number
  placement: Member["placement"]
  /** JSON path of the member in the document, for placement errors found while replaying. */
  path: PropertyKey[]
}

export interface ComponentRuntime {
  /** Distributors only: customers are not placed and take no seat. */
  onJoin?(join: JoinInfo): void
  /** Per-order commission terms, fixed now and recomputed by refunds. */
  orderTerms?(order: OrderRecord): PayoutTerm[]
  /** Per-order side effects other than lines (binary leg volume). */
  onOrder?(order: OrderRecord): void
  onRefund?(order: OrderRecord, refundCv: number, refundId: string): void
  onClosePeriod?(periodId: string): void
  report?(result: SimulationResult): void
}
