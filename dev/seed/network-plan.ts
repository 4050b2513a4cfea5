// The shape of the demo sponsor tree, as plain data: who sponsors whom and at which depth.
// Distributor i (0-based) is sponsored by an earlier distributor or by the house. Recent
// recruits recruit a little more (a bias towards the newest, as in a growing network), a few
// join the house frontline directly, and no one is placed deeper than `maxDepth`. When chance
// leaves the tree shallower than `minDepth`, the last recruits are re-placed as one line under
// the deepest distributor (no one sponsors them yet, so nothing else moves).
import { mulberry32 as seededRandom } from "../../src/engine/batch/generators"

type Random = () => number

export type PlannedDistributor = {
  index: number
  /** null: sponsored by the house */
  sponsorIndex: number | null
  /** 1 = the house frontline */
  depth: number
}

export type NetworkPlanOptions = {
  size: number
  seed: number
  minDepth: number
  maxDepth: number
  /** share of recruits sponsored by the house directly */
  houseShare: number
  /** > 1 favours recent distributors as sponsors */
  recencyBias: number
}

export const DEFAULT_NETWORK_PLAN: Omit<NetworkPlanOptions, "size"> = {
  seed: 20_241_121,
  minDepth: 8,
  maxDepth: 12,
  houseShare: 0.04,
  recencyBias: 1.15,
}

export function planNetwork(options: NetworkPlanOptions): PlannedDistributor[] {
  if (!Number.isInteger(options.size) || options.size < options.minDepth) {
    throw new Error(`network size ${options.size} must be an integer >= minDepth ${options.minDepth}`)
  }
  if (options.maxDepth < options.minDepth) {
    throw new Error(`maxDepth ${options.maxDepth} must be >= minDepth ${options.minDepth}`)
  }
  const random = seededRandom(options.seed)
  const plan: PlannedDistributor[] = []
  for (let index = 0; index < options.size; index++) {
    const sponsorIndex = chooseSponsor(plan, index, options, random)
    plan.push({ index, sponsorIndex, depth: depthUnder(plan, sponsorIndex) })
  }
  return deepenToMinDepth(plan, options.minDepth)
}

function depthUnder(plan: PlannedDistributor[], sponsorIndex: number | null): number {
  return sponsorIndex === null ? 1 : plan[sponsorIndex].depth + 1
}

function deepenToMinDepth(plan: PlannedDistributor[], minDepth: number): PlannedDistributor[] {
  for (let chainLength = 1; chainLength <= minDepth; chainLength++) {
    const kept = plan.slice(0, plan.length - chainLength)
    const deepest = kept.reduce<PlannedDistributor | null>(
      (best, node) => (best === null || node.depth > best.depth ? node : best),
      null
    )
    const reachable = (deepest?.depth ?? 0) + chainLength
    if (maxDepthOf(plan) >= minDepth) {
      return plan
    }
    if (reachable >= minDepth) {
      const chain: PlannedDistributor[] = []
      let sponsorIndex = deepest?.index ?? null
      for (let index = kept.length; index < plan.length; index++) {
        const node = { index, sponsorIndex, depth: depthUnder([...kept, ...chain], sponsorIndex) }
        chain.push(node)
        sponsorIndex = index
      }
      return [...kept, ...chain]
    }
  }
  return plan
}

export function maxDepthOf(plan: PlannedDistributor[]): number {
  return plan.reduce((max, node) => Math.max(max, node.depth), 0)
}

function chooseSponsor(
  plan: PlannedDistributor[],
  index: number,
  options: NetworkPlanOptions,
  random: Random
): number | null {
  if (index === 0 || random() < options.houseShare) {
    return null
  }
  // random()^(1/bias) leans towards 1, i.e. towards the newest distributors.
  let candidate = Math.min(index - 1, Math.floor(index * Math.pow(random(), 1 / options.recencyBias)))
  while (plan[candidate].depth >= options.maxDepth) {
    candidate = plan[candidate].sponsorIndex as number
  }
  return candidate
}

/** Distributors grouped by depth, shallowest first: each group's sponsors exist before it. */
export function groupByDepth(plan: PlannedDistributor[]): PlannedDistributor[][] {
  const levels: PlannedDistributor[][] = []
  for (const node of plan) {
    ;(levels[node.depth - 1] ??= []).push(node)
  }
  return levels
}
