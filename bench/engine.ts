/**
 * `npm run bench:engine`: the batch path (src/engine/batch) at store scale, plus the replay
 * engine (`simulate`) at 100,000 members for comparison. Each case runs in its own child process
 * so that its peak RSS is its own. Compute time is the median of N runs after two warm-up runs;
 * generating the network and orders is timed separately and not counted. The batch unilevel
 * renumbers members itself when they are not laid out sponsors-first (part of its compute time);
 * the "input already in BFS order" and "pre-order" rows hand it members renumbered beforehand, as
 * a store loader reading them in that order would.
 */
import { fork } from "node:child_process"
import {
  breadthFirstOrder,
  computeBinaryPeriod,
  computeUnilevelBatch,
  emptyCarry,
  generateNetwork,
  generateOrders,
  binaryDocument,
  unilevelDocument,
  type BatchNetwork,
  type BinaryBatchPlan,
  type NetworkShape,
  type OrderBatch,
  type UnilevelBatchPlan,
} from "../src/engine/batch"
import { preOrderLayout } from "../src/engine/batch/sponsor-layout"

type Kind = "unilevel" | "binary" | "replay-unilevel" | "replay-binary"

interface BenchCase {
  name: string
  kind: Kind
  shape: NetworkShape
  members: number
  orders: number
  runs: number
  /** Compute target in ms, null for an informational row. */
  targetMs: number | null
  targetRssMb: number | null
  note?: string
  plan?: Partial<UnilevelBatchPlan & BinaryBatchPlan>
  /**
   * Members renumbered before timing, as a store loader that reads them in that order hands them
   * over (the batch then has nothing to renumber): "bfs" breadth-first by sponsor, "pre-order"
   * depth-first, the order of the sponsor tree's path index.
   */
  input?: "bfs" | "pre-order"
}

const MILLION = 1_000_000
const TEN_LEVELS_BP = [1000, 500, 300, 200, 200, 100, 100, 100, 50, 50]
const CHAIN_DEPTH = 100_000

const UNILEVEL_PLAN: UnilevelBatchPlan = {
  levelsBp: TEN_LEVELS_BP,
  compression: "dynamic",
  rounding: "half_up",
  activityMinPvMinor: 5000,
  levelsByRankIdx: null,
}
const BINARY_PLAN: BinaryBatchPlan = {
  rateBp: 1000,
  capCents: 50_000,
  overCap: "carry",
  qualification: "none",
  unqualified: "accumulate",
  rounding: "half_up",
  activityMinPvMinor: 5000,
}

const CASES: BenchCase[] = [
  { name: "unilevel dynamic", kind: "unilevel", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536 },
  { name: "unilevel dynamic, input already in BFS order", kind: "unilevel", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536, input: "bfs" },
  { name: "unilevel dynamic, input already in pre-order", kind: "unilevel", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536, input: "pre-order" },
  { name: "unilevel dynamic + depth_by_rank", kind: "unilevel", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536, plan: { levelsByRankIdx: [3, 6, null] } },
  { name: "unilevel none", kind: "unilevel", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536, plan: { compression: "none" } },
  { name: "unilevel dynamic", kind: "unilevel", shape: "balanced", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536 },
  { name: "unilevel dynamic", kind: "unilevel", shape: "star", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536 },
  { name: "unilevel dynamic", kind: "unilevel", shape: "chain", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: 1536 },
  { name: "unilevel dynamic, 99% inactive chain", kind: "unilevel", shape: "chain", members: CHAIN_DEPTH, orders: CHAIN_DEPTH, runs: 9, targetMs: 500, targetRssMb: 1536, plan: { activityMinPvMinor: 1_000_000 } },
  { name: "binary period, cap+carry", kind: "binary", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: null },
  { name: "binary period, cap+flush, sponsored_each_leg", kind: "binary", shape: "random", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: null, plan: { overCap: "flush", qualification: "sponsored_each_leg", unqualified: "flush" } },
  { name: "binary period, cap+carry", kind: "binary", shape: "balanced", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: null },
  { name: "binary period, cap+carry", kind: "binary", shape: "star", members: MILLION, orders: MILLION, runs: 9, targetMs: 500, targetRssMb: null },
  { name: "binary period, cap+carry", kind: "binary", shape: "chain", members: CHAIN_DEPTH, orders: CHAIN_DEPTH, runs: 9, targetMs: 500, targetRssMb: null },
  { name: "binary period, cap+carry", kind: "binary", shape: "random", members: 10 * MILLION, orders: 10 * MILLION, runs: 3, targetMs: 5000, targetRssMb: null },
  { name: "binary period, cap+carry", kind: "binary", shape: "balanced", members: 10 * MILLION, orders: 10 * MILLION, runs: 3, targetMs: 5000, targetRssMb: null },
  { name: "replay simulate(): unilevel dynamic", kind: "replay-unilevel", shape: "random", members: 100_000, orders: 100_000, runs: 1, targetMs: null, targetRssMb: null },
  { name: "replay simulate(): unilevel dynamic, 99% inactive chain", kind: "replay-unilevel", shape: "chain", members: CHAIN_DEPTH, orders: CHAIN_DEPTH, runs: 1, targetMs: null, targetRssMb: null, plan: { activityMinPvMinor: 1_000_000 } },
  { name: "replay simulate(): binary period", kind: "replay-binary", shape: "chain", members: CHAIN_DEPTH, orders: CHAIN_DEPTH, runs: 1, targetMs: null, targetRssMb: null },
]

const CASE_TIMEOUT_MS = 180_000

interface CaseResult {
  generateMs: number
  computeMs: number
  /** CPU time of this process over the same run (user + system): what the run cost, apart from waiting for a core. */
  computeCpuMs: number
  peakRssMb: number
  peakHeapMb: number
  lines: number
}

type Input = { network: BatchNetwork; orders: OrderBatch }

function generate(benchCase: BenchCase): Input {
  const network = generateNetwork({
    shape: benchCase.shape,
    members: benchCase.members,
    seed: 20260101,
    terminatedBp: 100,
    rankCount: 3,
    maxPvMinor: 8000,
  })
  // The root of a star is everybody's level 1: keep it active so the case pays.
  network.pvMinor[0] = 10_000_000
  const orders = generateOrders({ orders: benchCase.orders, members: benchCase.members, seed: 7, minCvMinor: 500, maxCvMinor: 20_000 })
  if (benchCase.input === "bfs") return renumbered({ network, orders }, breadthFirstOrder(network.sponsorIdx))
  // The generators put every sponsor before its members, which is what preOrderLayout needs.
  if (benchCase.input === "pre-order") return renumbered({ network, orders }, preOrderLayout(network.sponsorIdx).newIdx)
  return { network, orders }
}

/** The same members and orders with member v renumbered `to[v]`. */
function renumbered(input: Input, to: Int32Array): Input {
  const { network, orders } = input
  const moved = {
    size: network.size,
    sponsorIdx: new Int32Array(network.size),
    placementParentIdx: new Int32Array(network.size),
    placementSide: new Uint8Array(network.size),
    terminated: new Uint8Array(network.size),
    rankIdx: new Int8Array(network.size),
    pvMinor: new Float64Array(network.size),
  }
  const mapped = (v: number) => (v < 0 ? v : to[v])
  for (let v = 0; v < network.size; v++) {
    const slot = to[v]
    moved.sponsorIdx[slot] = mapped(network.sponsorIdx[v])
    moved.placementParentIdx[slot] = mapped(network.placementParentIdx[v])
    moved.placementSide[slot] = network.placementSide[v]
    moved.terminated[slot] = network.terminated[v]
    moved.rankIdx[slot] = network.rankIdx[v]
    moved.pvMinor[slot] = network.pvMinor[v]
  }
  return { network: moved, orders: { size: orders.size, ownerIdx: orders.ownerIdx.map(mapped), cvMinor: orders.cvMinor } }
}

/** One compute run; returns the number of lines so the work cannot be optimised away. */
async function prepare(benchCase: BenchCase, input: Input): Promise<() => number> {
  const { network, orders } = input
  switch (benchCase.kind) {
    case "unilevel": {
      const plan = { ...UNILEVEL_PLAN, ...benchCase.plan }
      return () => computeUnilevelBatch(network, orders, plan).lines.lineCount
    }
    case "binary": {
      const plan = { ...BINARY_PLAN, ...benchCase.plan }
      const carry = emptyCarry(network.size)
      return () => computeBinaryPeriod(network, orders, carry, plan).lines.count
    }
    case "replay-unilevel":
    case "replay-binary": {
      const { simulate } = require("../src/engine/index") as typeof import("../src/engine/index")
      const doc =
        benchCase.kind === "replay-unilevel"
          ? unilevelDocument(network, orders, { ...UNILEVEL_PLAN, ...benchCase.plan })
          : binaryDocument(network, [orders], { ...BINARY_PLAN, ...benchCase.plan })
      return () => simulate(doc).lines.length
    }
  }
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const MB = 1024 * 1024

async function runCase(benchCase: BenchCase): Promise<CaseResult> {
  const started = performance.now()
  const input = generate(benchCase)
  const run = await prepare(benchCase, input)
  const generateMs = performance.now() - started
  const timesMs: number[] = []
  const cpuMs: number[] = []
  let peakHeapMb = 0
  let lines = 0
  const warmUps = benchCase.runs > 1 ? 2 : 0
  for (let i = 0; i < warmUps + benchCase.runs; i++) {
    gc()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    lines = run()
    const elapsed = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const memory = process.memoryUsage()
    peakHeapMb = Math.max(peakHeapMb, (memory.heapUsed + memory.arrayBuffers) / MB)
    if (i >= warmUps) {
      timesMs.push(elapsed)
      cpuMs.push((cpu.user + cpu.system) / 1000)
    }
  }
  timesMs.sort((a, b) => a - b)
  cpuMs.sort((a, b) => a - b)
  return {
    generateMs,
    computeMs: timesMs[Math.floor(timesMs.length / 2)],
    computeCpuMs: cpuMs[Math.floor(cpuMs.length / 2)],
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb,
    lines,
  }
}

function runInChild(index: number): Promise<CaseResult | "timeout" | string> {
  return new Promise((resolve) => {
    const child = fork(__filename, ["--case", String(index)], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      resolve("timeout")
    }, CASE_TIMEOUT_MS)
    child.on("message", (message) => {
      clearTimeout(timer)
      resolve(message as CaseResult | string)
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      resolve(`exited ${code}`)
    })
  })
}

const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })

function targetText(benchCase: BenchCase): string {
  if (benchCase.targetMs === null) return "informational"
  const memory = benchCase.targetRssMb === null ? "" : `, ≤ ${fmt(benchCase.targetRssMb)} MB`
  return `≤ ${fmt(benchCase.targetMs)} ms${memory}`
}

function verdict(benchCase: BenchCase, result: CaseResult): string {
  if (benchCase.targetMs === null) return "—"
  const timeOk = result.computeMs <= benchCase.targetMs
  const memoryOk = benchCase.targetRssMb === null || result.peakRssMb <= benchCase.targetRssMb
  return timeOk && memoryOk ? "PASS" : "FAIL"
}

async function main(): Promise<void> {
  const caseFlag = process.argv.indexOf("--case")
  if (caseFlag >= 0) {
    const result = await runCase(CASES[Number(process.argv[caseFlag + 1])])
    process.send?.(result)
    return
  }
  const os = require("node:os") as typeof import("node:os")
  const load = os.loadavg().map((value) => value.toFixed(1)).join(" ")
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average at start ${load}; compute = median of N runs after two warm-ups, CPU = median CPU time of the process over those runs\n`)
  console.log("| case | shape | members | orders | runs | generate ms | compute ms | CPU ms | lines | peak RSS MB | heap+arrays MB | target | result |")
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
  // `npm run bench:engine -- unilevel` runs only the cases whose name starts with "unilevel".
  const only = process.argv[2]
  for (const [index, benchCase] of CASES.entries()) {
    if (only !== undefined && !benchCase.name.startsWith(only)) continue
    const result = await runInChild(index)
    const head = `| ${benchCase.name} | ${benchCase.shape} | ${fmt(benchCase.members)} | ${fmt(benchCase.orders)} | ${benchCase.runs}`
    if (typeof result === "string") {
      const failed = benchCase.targetMs === null ? "—" : "FAIL"
      console.log(`${head} | — | ${result} (> ${CASE_TIMEOUT_MS / 1000} s or crashed) | — | — | — | — | ${targetText(benchCase)} | ${failed} |`)
      continue
    }
    console.log(
      `${head} | ${fmt(result.generateMs)} | ${fmt(result.computeMs, 1)} | ${fmt(result.computeCpuMs, 0)} | ${fmt(result.lines)} | ${fmt(result.peakRssMb)} | ${fmt(result.peakHeapMb)} | ${targetText(benchCase)} | ${verdict(benchCase, result)} |`
    )
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
