// Shared fast-check inputs for the batch-vs-replay equivalence tests: a seeded network of any of
// the four shapes plus one or more seeded order streams, small enough to replay quickly.
import fc from "fast-check"
import {
  NETWORK_SHAPES,
  generateNetwork,
  generateOrders,
  memberId,
  orderId,
  periodId,
  type BatchNetwork,
  type OrderBatch,
  type OrderLines,
  type MemberLines,
} from "../../../src/engine/batch"
import type { Line } from "../../../src/engine"

export interface BatchInput {
  network: BatchNetwork
  periods: OrderBatch[]
}

export const batchInput = (options: { maxMembers: number; maxOrders: number; periods: number }) =>
  fc
    .record({
      shape: fc.constantFrom(...NETWORK_SHAPES),
      members: fc.integer({ min: 1, max: options.maxMembers }),
      orders: fc.integer({ min: 0, max: options.maxOrders }),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      terminatedBp: fc.constantFrom(0, 1000, 3000),
      rankCount: fc.integer({ min: 0, max: 3 }),
      maxPvMinor: fc.constantFrom(0, 4000, 9000),
      // Narrow CV ranges make rounding ties (x.5 cents) frequent.
      maxCvMinor: fc.constantFrom(30, 2070, 20000),
    })
    .map((p): BatchInput => {
      const network = generateNetwork({ shape: p.shape, members: p.members, seed: p.seed, terminatedBp: p.terminatedBp, rankCount: p.rankCount, maxPvMinor: p.maxPvMinor })
      const periods = Array.from({ length: options.periods }, (_, i) =>
        generateOrders({ orders: p.orders, members: p.members, seed: p.seed + 1 + i, minCvMinor: 1, maxCvMinor: p.maxCvMinor })
      )
      return { network, periods }
    })

const key = (line: { to: string; bonus: string; level?: number; source: string; cents: number }) =>
  JSON.stringify([line.to, line.bonus, line.level ?? null, line.source, line.cents])

export const lineMultiset = (lines: Line[]): string[] => lines.map(key).sort()

/** Each order's lines as [toIdx, level, cents] rows, in order sequence. */
export function linesByOrder(lines: OrderLines): [number, number, number][][] {
  return Array.from({ length: lines.orderCount }, (_, j) => {
    const start = lines.orderRowStart[j]
    return Array.from({ length: lines.orderRowCount[j] }, (_, i): [number, number, number] => [lines.toIdx[start + i], lines.level[start + i], lines.cents[start + i]])
  })
}

export function unilevelLineMultiset(lines: OrderLines, periodIdx = 0): string[] {
  const keys: string[] = []
  for (let j = 0; j < lines.orderCount; j++) {
    for (let row = lines.orderRowStart[j]; row < lines.orderRowStart[j] + lines.orderRowCount[j]; row++) {
      keys.push(key({ to: memberId(lines.toIdx[row]), bonus: "unilevel", level: lines.level[row], source: orderId(periodIdx, j), cents: lines.cents[row] }))
    }
  }
  return keys.sort()
}

export function binaryLineMultiset(lines: MemberLines, periodIdx: number): string[] {
  const keys: string[] = []
  for (let i = 0; i < lines.count; i++) {
    keys.push(key({ to: memberId(lines.toIdx[i]), bonus: "binary", source: periodId(periodIdx), cents: lines.cents[i] }))
  }
  return keys
}

export function carryRecord(left: Float64Array, right: Float64Array): Record<string, { left: number; right: number }> {
  const carry: Record<string, { left: number; right: number }> = {}
  for (let v = 0; v < left.length; v++) {
    if (left[v] !== 0 || right[v] !== 0) carry[memberId(v)] = { left: left[v], right: right[v] }
  }
  return carry
}
