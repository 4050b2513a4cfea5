/**
 * Order jobs → commission records and ledger lines, a batch at a time (docs/ledger.md).
 *
 * One batch = three statements whatever its size, each atomic: which orders are recorded already;
 * the others' owners with their uplines and the plan versions; then, with every order's terms
 * computed in memory (in job order, so an order that makes its buyer active counts for the next
 * one), one write (records with ON CONFLICT DO NOTHING RETURNING, which tells the orders this
 * batch won; the winners' lines and PV; the outbox rows done). A duplicate order (ten deliveries,
 * a retried job, a concurrent worker) is seen by the first read, or loses at the record's primary
 * key in the write, and writes nothing; the ledger's unique line identity refuses any second copy
 * of a line outright. Reads take no locks, as before under READ COMMITTED: PV only ever grows by
 * addition in the write, under row locks.
 */
import { parsePlan, type Plan } from "../../../engine"
import { orderTerms, termCents, type OrderTerm, type UplineMember } from "../../../engine/live/order-terms"
import { periodKeyOf } from "../domain/period-key"
import {
  emptyTermColumns,
  readOrderBatchFacts,
  settleRecordedOrders,
  writeOrderBatch,
  type DistributorFacts,
  type NodeFacts,
  type OrderBatchFacts,
  type OrderRecordInsert,
  type OrderTermColumns,
  type PlanVersionRow,
} from "../repositories/ledger-sql"
import { jobKeyOf, type OrderJob } from "./jobs"
import type { SqlDb } from "./sql-db"

export interface LedgerConfig {
  holdingDays: number
  now: () => Date
}

export interface OrderBatchOutcome {
  /** Orders this batch recorded. */
  recorded: number
  /** Orders that were recorded already (duplicates): nothing written for them. */
  duplicates: number
  lines: number
}

const DAY_MS = 86_400_000

export async function processOrderBatch(db: SqlDb, jobs: readonly OrderJob[], config: LedgerConfig): Promise<OrderBatchOutcome> {
  const unique = dedupeByOrder(jobs)
  // Redelivered events stop here: this one small statement is their whole cost.
  const recorded = await settleRecordedOrders(db.exec, unique.map((job) => job.order_id), unique.map(jobKeyOf))
  const fresh = unique.filter((job) => !recorded.has(job.order_id))
  if (fresh.length === 0) return { recorded: 0, duplicates: jobs.length, lines: 0 }
  const facts = await readOrderBatchFacts(
    db.exec,
    [...new Set(fresh.map((job) => job.distributor_id ?? job.referrer_id).filter((id): id is string => id !== null))],
    [...new Set(fresh.map((job) => job.currency_code))],
  )
  const computed = computeBatch(facts, fresh, config)
  const { won, lines } = await writeOrderBatch(db.exec, computed.records, computed.terms, fresh.map(jobKeyOf))
  return { recorded: won.size, duplicates: jobs.length - won.size, lines }
}

function dedupeByOrder(jobs: readonly OrderJob[]): OrderJob[] {
  const seen = new Set<string>()
  return jobs.filter((job) => (seen.has(job.order_id) ? false : (seen.add(job.order_id), true)))
}

interface ComputedBatch {
  records: OrderRecordInsert[]
  terms: OrderTermColumns
}

function computeBatch(facts: OrderBatchFacts, jobs: readonly OrderJob[], config: LedgerConfig): ComputedBatch {
  const { owners, nodes } = facts
  const versions = new PlanVersions(facts.versions)
  const nowMs = config.now().getTime()

  // PV as it stands while this batch's orders are processed one after another (spec "Activity").
  const pv = new Map<number, { periodKey: string | null; minor: number }>()
  const pvOf = (node: NodeFacts) => pv.get(node.node_id) ?? { periodKey: node.pv_period_key, minor: Number(node.pv_minor) }

  const records: OrderRecordInsert[] = []
  const columns = emptyTermColumns()
  for (const job of jobs) {
    const placedAt = new Date(job.placed_at)
    const version = versions.at(job.currency_code, placedAt)
    const owner = ownerOf(job, owners)
    const cvMinor = job.items.reduce((sum, item) => sum + item.cv_minor, 0)
    const periodKey = periodKeyOf(version?.period ?? "monthly", placedAt)
    const holdUntil = new Date(placedAt.getTime() + config.holdingDays * DAY_MS)
    let terms: OrderTerm[] = []
    const zeroTerms: OrderTerm[] = []
    if (owner) {
      const before = pvOf(owner.facts)
      pv.set(owner.facts.node_id, { periodKey, minor: (before.periodKey === periodKey ? before.minor : 0) + cvMinor })
    }
    if (owner && version && cvMinor > 0) {
      const minPv = version.plan.activity?.min_pv
      const memberOf = (facts: NodeFacts): UplineMember => {
        const current = pvOf(facts)
        const periodPv = current.periodKey === periodKey ? current.minor : 0
        const canEarn = !facts.is_house && facts.status === "active"
        return { node: facts.node_id, canEarn, active: canEarn && (minPv === undefined || periodPv >= minPv), rank: facts.rank }
      }
      const upline: UplineMember[] = []
      const path = owner.facts.path
      for (let i = path.length - 2; i >= 0; i--) {
        const facts = nodes.get(path[i])
        if (facts) upline.push(memberOf(facts))
      }
      terms = orderTerms(
        version.plan,
        {
          cvMinor,
          retailMinor: owner.kind === "customer" ? job.retail_minor : null,
          wholesaleMinor: owner.kind === "customer" ? job.wholesale_minor : null,
          atMs: placedAt.getTime(),
          ownerKind: owner.kind,
          ownerEnrolledAtMs: new Date(owner.facts.enrolled_at).getTime(),
        },
        memberOf(owner.facts),
        upline,
      )
      for (const term of terms) {
        const cents = termCents(term, cvMinor, cvMinor, version.plan.rounding)
        if (cents === 0) {
          zeroTerms.push(term)
          continue
        }
        columns.record.push(records.length + 1)
        columns.to.push(term.to)
        columns.bonus.push(term.bonus)
        columns.level.push(term.level)
        columns.rateBp.push(term.rateBp)
        columns.fullMinor.push(term.fullMinor)
        columns.cents.push(cents)
      }
    }
    records.push({
      order_id: job.order_id,
      plan_version_id: version?.id ?? null,
      currency_code: job.currency_code,
      customer_id: job.customer_id,
      owner_node: owner?.facts.node_id ?? null,
      buyer_kind: owner?.kind ?? "none",
      cv_minor: cvMinor,
      total_minor: job.total_minor,
      retail_minor: job.retail_minor,
      wholesale_minor: job.wholesale_minor,
      items: job.items,
      period_key: periodKey,
      placed_at: placedAt.toISOString(),
      hold_until: holdUntil.toISOString(),
      line_status: holdUntil.getTime() > nowMs ? "pending" : "available",
      // A term worth something is kept as its line; the record keeps the others (mlm_order_terms).
      zero_terms_json: zeroTerms.length === 0 ? "[]" : JSON.stringify(zeroTerms),
    })
  }
  return { records, terms: columns }
}

function ownerOf(job: OrderJob, owners: Map<string, DistributorFacts>): { kind: "distributor" | "customer"; facts: DistributorFacts } | null {
  const own = job.distributor_id ? owners.get(job.distributor_id) : undefined
  if (own) return { kind: "distributor", facts: own }
  const referrer = job.referrer_id ? owners.get(job.referrer_id) : undefined
  return referrer ? { kind: "customer", facts: referrer } : null
}

/** Plan versions of the batch's currencies, parsed once; the active one is the latest effective_from <= t. */
class PlanVersions {
  private readonly byCurrency = new Map<string, { id: string; period: "weekly" | "monthly"; from: number; plan: Plan }[]>()

  constructor(rows: PlanVersionRow[]) {
    for (const row of rows) {
      const list = this.byCurrency.get(row.currency_code) ?? []
      list.push({ id: row.id, period: row.period, from: new Date(row.effective_from).getTime(), plan: parsedPlan(row) })
      this.byCurrency.set(row.currency_code, list)
    }
  }

  at(currency: string, at: Date) {
    const list = this.byCurrency.get(currency) ?? []
    let active: (typeof list)[number] | undefined
    for (const version of list) if (version.from <= at.getTime()) active = version
    return active
  }
}

/**
 * Plan versions are immutable (append-only by trigger), so a version's definition is parsed once
 * per process, not once per batch: at low rates a batch is one order, and validating a 50-level
 * plan cost more than computing its terms. Bounded; the oldest entry goes first.
 */
const parsedPlans = new Map<string, Plan>()
const PARSED_PLANS_MAX = 64

function parsedPlan(row: PlanVersionRow): Plan {
  let plan = parsedPlans.get(row.id)
  if (plan === undefined) {
    plan = parsePlan(row.definition)
    if (parsedPlans.size >= PARSED_PLANS_MAX) parsedPlans.delete(parsedPlans.keys().next().value as string)
    parsedPlans.set(row.id, plan)
  }
  return plan
}
