/**
 * Order jobs → commission records and ledger lines, a batch at a time (docs/ledger.md).
 *
 * One batch = one transaction of a fixed number of statements, whatever its size: read what is
 * recorded already, the owners and their uplines, the plan versions; compute every order's terms
 * in memory (in job order, so an order that makes its buyer active counts for the next one);
 * then insert the records (ON CONFLICT DO NOTHING RETURNING tells which orders this batch won),
 * add the winners' PV, append their lines and mark their outbox rows done. A duplicate order
 * (ten deliveries, a retried job, a concurrent worker) loses at the record's primary key and
 * writes nothing; a line identity conflict is absorbed by the ledger's unique index.
 */
import { parsePlan, type Plan } from "../../../engine"
import { orderTerms, termCents, type OrderTerm, type UplineMember } from "../../../engine/live/order-terms"
import { periodKeyOf } from "../domain/period-key"
import {
  addPersonalVolume,
  insertCommissionRecords,
  insertLedgerLines,
  markOutboxDone,
  selectDistributorsById,
  selectNodes,
  selectPlanVersions,
  selectRecordedOrders,
  type CommissionRecordInsert,
  type DistributorFacts,
  type LedgerLineInsert,
  type NodeFacts,
  type PlanVersionRow,
} from "../repositories/ledger-sql"
import type { SqlExec } from "../repositories/sql-exec"
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
  // Fast path for redelivered events: one indexed read, no transaction, no write.
  const recordedBefore = await selectRecordedOrders(db.exec, unique.map((job) => job.order_id))
  const fresh = unique.filter((job) => !recordedBefore.has(job.order_id))
  const duplicateKeys = unique.filter((job) => recordedBefore.has(job.order_id)).map(jobKeyOf)
  if (fresh.length === 0) {
    await markOutboxDone(db.exec, duplicateKeys)
    return { recorded: 0, duplicates: jobs.length, lines: 0 }
  }
  return db.transaction(async (exec) => {
    const computed = await computeBatch(exec, fresh, config)
    const won = await insertCommissionRecords(exec, computed.records)
    const pv = personalVolumeOf(computed.records.filter((record) => won.has(record.order_id)))
    await addPersonalVolume(exec, pv.nodes, pv.periodKeys, pv.amounts)
    const lines = computed.lines.filter((line) => won.has(line.source_id))
    const inserted = await insertLedgerLines(exec, lines)
    await markOutboxDone(exec, [...duplicateKeys, ...fresh.map(jobKeyOf)])
    return { recorded: won.size, duplicates: jobs.length - won.size, lines: inserted }
  })
}

function dedupeByOrder(jobs: readonly OrderJob[]): OrderJob[] {
  const seen = new Set<string>()
  return jobs.filter((job) => (seen.has(job.order_id) ? false : (seen.add(job.order_id), true)))
}

interface ComputedBatch {
  records: CommissionRecordInsert[]
  lines: LedgerLineInsert[]
}

async function computeBatch(exec: SqlExec, jobs: readonly OrderJob[], config: LedgerConfig): Promise<ComputedBatch> {
  const ownerIds = [...new Set(jobs.map((job) => job.distributor_id ?? job.referrer_id).filter((id): id is string => id !== null))]
  const owners = await selectDistributorsById(exec, ownerIds)
  const ancestorNodes = new Set<number>()
  for (const owner of owners.values()) for (let i = 0; i < owner.path.length - 1; i++) ancestorNodes.add(owner.path[i])
  for (const owner of owners.values()) ancestorNodes.delete(owner.node_id)
  const nodes = await selectNodes(exec, [...ancestorNodes])
  for (const owner of owners.values()) nodes.set(owner.node_id, owner)
  const versions = new PlanVersions(await selectPlanVersions(exec, [...new Set(jobs.map((job) => job.currency_code))]))

  // PV as it stands while this batch's orders are processed one after another (spec "Activity").
  const pv = new Map<number, { periodKey: string | null; minor: number }>()
  const pvOf = (node: NodeFacts) => pv.get(node.node_id) ?? { periodKey: node.pv_period_key, minor: Number(node.pv_minor) }

  const records: CommissionRecordInsert[] = []
  const lines: LedgerLineInsert[] = []
  for (const job of jobs) {
    const placedAt = new Date(job.placed_at)
    const version = versions.at(job.currency_code, placedAt)
    const owner = ownerOf(job, owners)
    const cvMinor = job.items.reduce((sum, item) => sum + item.cv_minor, 0)
    const periodKey = periodKeyOf(version?.period ?? "monthly", placedAt)
    const holdUntil = new Date(placedAt.getTime() + config.holdingDays * DAY_MS)
    let terms: OrderTerm[] = []
    if (owner) {
      const before = pvOf(owner.facts)
      pv.set(owner.facts.node_id, { periodKey, minor: (before.periodKey === periodKey ? before.minor : 0) + cvMinor })
    }
    if (owner && version && cvMinor > 0) {
      const memberOf = (facts: NodeFacts): UplineMember => {
        const current = pvOf(facts)
        const periodPv = current.periodKey === periodKey ? current.minor : 0
        const canEarn = !facts.is_house && facts.status === "active"
        const minPv = version.plan.activity?.min_pv
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
      const status = holdUntil.getTime() > config.now().getTime() ? "pending" : "available"
      for (const term of terms) {
        const cents = termCents(term, cvMinor, cvMinor, version.plan.rounding)
        if (cents === 0) continue
        lines.push({
          source_kind: "order",
          source_id: job.order_id,
          beneficiary_node: term.to,
          bonus: term.bonus,
          level: term.level,
          amount_minor: cents,
          currency_code: job.currency_code,
          plan_version_id: version.id,
          order_id: job.order_id,
          base_minor: term.rateBp !== null ? cvMinor : term.fullMinor,
          rate_bp: term.rateBp,
          status,
          hold_until: holdUntil.toISOString(),
        })
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
      terms,
      period_key: periodKey,
      placed_at: placedAt.toISOString(),
      hold_until: holdUntil.toISOString(),
    })
  }
  return { records, lines }
}

function ownerOf(job: OrderJob, owners: Map<string, DistributorFacts>): { kind: "distributor" | "customer"; facts: DistributorFacts } | null {
  const own = job.distributor_id ? owners.get(job.distributor_id) : undefined
  if (own) return { kind: "distributor", facts: own }
  const referrer = job.referrer_id ? owners.get(job.referrer_id) : undefined
  return referrer ? { kind: "customer", facts: referrer } : null
}

/** One PV update per owner: the sum of its orders in the latest period this batch saw for it. */
function personalVolumeOf(records: readonly CommissionRecordInsert[]) {
  const byNode = new Map<number, { periodKey: string; minor: number }>()
  for (const record of records) {
    if (record.owner_node === null) continue
    const current = byNode.get(record.owner_node)
    if (!current || record.period_key > current.periodKey) byNode.set(record.owner_node, { periodKey: record.period_key, minor: record.cv_minor })
    else if (record.period_key === current.periodKey) current.minor += record.cv_minor
  }
  const nodes = [...byNode.keys()].sort((a, b) => a - b)
  return { nodes, periodKeys: nodes.map((node) => byNode.get(node)!.periodKey), amounts: nodes.map((node) => byNode.get(node)!.minor) }
}

/** Plan versions of the batch's currencies, parsed once; the active one is the latest effective_from <= t. */
class PlanVersions {
  private readonly byCurrency = new Map<string, { id: string; period: "weekly" | "monthly"; from: number; plan: Plan }[]>()

  constructor(rows: PlanVersionRow[]) {
    for (const row of rows) {
      const list = this.byCurrency.get(row.currency_code) ?? []
      list.push({ id: row.id, period: row.period, from: new Date(row.effective_from).getTime(), plan: parsePlan(row.definition) })
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
