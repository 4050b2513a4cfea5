/**
 * Orders and the per-order payout terms fixed when an order is processed. A refund recomputes
 * every term on the order's net CV with the same payee, level and rate, and posts the
 * difference (spec "Refunds"), so the total paid always equals the commission on net CV.
 */
import type { Bonus, Rounding } from "../types"
import { applyRateBp, mulDivRound } from "../money"

export interface PayoutTerm {
  payee: number
  bonus: Bonus
  level: number | undefined
  /** Either a rate on the order's CV, or a fixed amount pro-rated by net CV (retail profit). */
  rateBp?: number
  fullAmount?: number
  paid: number
}

export interface OrderRecord {
  seq: number
  id: string
  buyer: number
  /** The member the order counts for (the buyer, or a customer's referrer). */
  owner: number
  cv: number
  netCv: number
  retail: number | undefined
  wholesale: number | undefined
  atMs: number | undefined
  period: number
  terms: PayoutTerm[]
}

export function rateTerm(payee: number, bonus: Bonus, level: number | undefined, rateBp: number): PayoutTerm {
  return { payee, bonus, level, rateBp, paid: 0 }
}

export function proRataTerm(payee: number, bonus: Bonus, fullAmount: number): PayoutTerm {
  return { payee, bonus, level: undefined, fullAmount, paid: 0 }
}

/** What a term is worth on `netCv`. */
export function termAmount(term: PayoutTerm, order: OrderRecord, netCv: number, rounding: Rounding): number {
  if (term.rateBp !== undefined) return applyRateBp(netCv, term.rateBp, rounding)
  const full = term.fullAmount ?? 0
  return netCv === order.cv ? full : mulDivRound(full, netCv, order.cv, rounding)
}
