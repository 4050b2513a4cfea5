/**
 * Largest-remainder split (spec "Units": pools split so the parts add up exactly; equal
 * remainders are broken by the order of `members`). Callers pass weights already in member
 * order, so ties here go to the lower index.
 */

/** Splits a non-negative integer `totalMinor` in proportion to non-negative integer weights. */
export function splitLargestRemainder(totalMinor: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) throw new RangeError("total must be a non-negative safe integer")
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0)
  if (weightSum === 0) return weights.map(() => 0)
  const total = BigInt(totalMinor)
  const sum = BigInt(weightSum)
  const parts: number[] = []
  const remainders: bigint[] = []
  let allocated = 0
  for (const weight of weights) {
    const exact = total * BigInt(weight)
    const part = exact / sum
    parts.push(Number(part))
    remainders.push(exact - part * sum)
    allocated += Number(part)
  }
  const order = weights.map((_, index) => index)
  order.sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1))
  for (let k = 0; k < totalMinor - allocated; k++) parts[order[k]]++
  return parts
}
