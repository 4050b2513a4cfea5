import type { SimulationResult } from "../../../engine"
import type { SqlExec } from "./sql-exec"

/**
 * Compensation plans (docs/plans.md). A plan is an editable draft (mlm_plan, stored unvalidated
 * so an admin can save work in progress); activating it appends an immutable version
 * (mlm_plan_version, append-only by trigger). The version in force for a currency at instant t
 * is the one with the latest effective_from <= t, whichever plan it came from.
 */

export type PlanPeriod = "weekly" | "monthly"

export type PlanSummaryDTO = {
  id: string
  name: string
  period: PlanPeriod
  created_by: string | null
  updated_by: string | null
  created_at: Date
  updated_at: Date
}

export type PlanDTO = PlanSummaryDTO & { draft: Record<string, unknown> }

/** What the commission worker needs of the version in force. */
export type ActivePlanVersionRow = {
  id: string
  plan_id: string
  version: number
  currency_code: string
  period: PlanPeriod
  definition: unknown
  hash: string
  effective_from: Date
}

export type PlanVersionDTO = ActivePlanVersionRow & { created_by: string | null; created_at: Date }

/** Request bounds of a what-if run (members and events in the document the engine replays). */
export const PLAN_SIMULATION_BOUNDS = { members: 5000, events: 50_000, sampleLimit: 5000 } as const

/** What-if input: a posted network (spec format), or a sample of the live one. */
export type SimulatePlanInput =
  | { members: unknown[]; events: unknown[] }
  | { sample: { limit: number; period_key?: string | null } }

export type PlanSimulationDTO = {
  result: SimulationResult
  summary: { lines: number; total_minor: Record<string, number> }
  sample?: { house_id: string | null; distributors: number; customers: number; orders: number; period: string }
}

const SUMMARY_COLUMNS = "id, name, period, created_by, updated_by, created_at, updated_at"
const VERSION_COLUMNS = "id, plan_id, version, currency_code, period, definition, hash, effective_from, created_by, created_at"

type Timestamps = { created_at: Date | string; updated_at: Date | string }
type SummaryRow = Omit<PlanSummaryDTO, "created_at" | "updated_at"> & Timestamps
type PlanRow = SummaryRow & { draft: Record<string, unknown> }
type VersionRow = Omit<PlanVersionDTO, "version" | "effective_from" | "created_at"> & {
  version: number | string
  effective_from: Date | string
  created_at: Date | string
}

function toSummary(row: SummaryRow): PlanSummaryDTO {
  return { ...row, created_at: new Date(row.created_at), updated_at: new Date(row.updated_at) }
}

function toPlan(row: PlanRow): PlanDTO {
  return { ...toSummary(row), draft: row.draft }
}

function toVersion(row: VersionRow): PlanVersionDTO {
  return {
    ...row,
    version: Number(row.version),
    effective_from: new Date(row.effective_from),
    created_at: new Date(row.created_at),
  }
}

export async function insertPlan(
  exec: SqlExec,
  row: { id: string; name: string; period: PlanPeriod; draft: Record<string, unknown>; actorId: string | null }
): Promise<PlanDTO> {
  const rows = await exec<PlanRow>(
    `INSERT INTO mlm_plan (id, name, period, draft, created_by, updated_by)
     VALUES ($1, $2, $3, $4::jsonb, $5, $5)
     RETURNING ${SUMMARY_COLUMNS}, draft`,
    [row.id, row.name, row.period, JSON.stringify(row.draft), row.actorId]
  )
  return toPlan(rows[0])
}

/** Changes only the given fields; null when the plan does not exist. */
export async function updatePlan(
  exec: SqlExec,
  planId: string,
  change: { name?: string; period?: PlanPeriod; draft?: Record<string, unknown>; actorId: string | null }
): Promise<PlanDTO | null> {
  const rows = await exec<PlanRow>(
    `UPDATE mlm_plan
        SET name = coalesce($2, name), period = coalesce($3, period), draft = coalesce($4::jsonb, draft),
            updated_by = $5, updated_at = now()
      WHERE id = $1
     RETURNING ${SUMMARY_COLUMNS}, draft`,
    [planId, change.name ?? null, change.period ?? null, change.draft ? JSON.stringify(change.draft) : null, change.actorId]
  )
  return rows[0] ? toPlan(rows[0]) : null
}

/** `forUpdate` serialises activations of one plan, so version numbers never race. */
export async function selectPlan(exec: SqlExec, planId: string, forUpdate = false): Promise<PlanDTO | null> {
  const rows = await exec<PlanRow>(
    `SELECT ${SUMMARY_COLUMNS}, draft FROM mlm_plan WHERE id = $1${forUpdate ? " FOR UPDATE" : ""}`,
    [planId]
  )
  return rows[0] ? toPlan(rows[0]) : null
}

/** Newest first, without drafts (a draft may be 256 kB; the detail route returns it). */
export async function selectPlanPage(exec: SqlExec, page: { limit: number; offset: number }): Promise<{ rows: PlanSummaryDTO[]; count: number }> {
  const rows = await exec<SummaryRow & { total: string | number }>(
    `SELECT ${SUMMARY_COLUMNS}, count(*) OVER () AS total FROM mlm_plan ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
    [page.limit, page.offset]
  )
  const count = rows[0] ? Number(rows[0].total) : Number((await exec<{ n: string }>(`SELECT count(*) AS n FROM mlm_plan`))[0].n)
  return { rows: rows.map(({ total: _total, ...row }) => toSummary(row)), count }
}

export async function selectMaxVersion(exec: SqlExec, planId: string): Promise<number> {
  const rows = await exec<{ max: number | null }>(`SELECT max(version) AS max FROM mlm_plan_version WHERE plan_id = $1`, [planId])
  return Number(rows[0]?.max ?? 0)
}

export type NewPlanVersion = Omit<PlanVersionDTO, "created_at">

/**
 * Appends a version; null when a version for the same currency already starts at that very
 * instant (two versions effective at once would make "the version in force" ambiguous).
 */
export async function insertPlanVersion(exec: SqlExec, row: NewPlanVersion): Promise<PlanVersionDTO | null> {
  const rows = await exec<VersionRow>(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
     ON CONFLICT (currency_code, effective_from) DO NOTHING
     RETURNING ${VERSION_COLUMNS}`,
    [row.id, row.plan_id, row.version, row.currency_code, row.period, JSON.stringify(row.definition), row.hash, row.effective_from, row.created_by]
  )
  return rows[0] ? toVersion(rows[0]) : null
}

export async function selectVersionStartingAt(exec: SqlExec, currencyCode: string, effectiveFrom: Date): Promise<PlanVersionDTO | null> {
  const rows = await exec<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM mlm_plan_version WHERE currency_code = $1 AND effective_from = $2`,
    [currencyCode.toUpperCase(), effectiveFrom]
  )
  return rows[0] ? toVersion(rows[0]) : null
}

export async function selectPlanVersions(exec: SqlExec, planId: string): Promise<PlanVersionDTO[]> {
  const rows = await exec<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM mlm_plan_version WHERE plan_id = $1 ORDER BY version`, [planId])
  return rows.map(toVersion)
}

/**
 * The version in force for `currencyCode` at `at`: the latest effective_from <= at (one backward
 * step of the (currency_code, effective_from) unique index). Medusa writes currency codes in
 * lower case and plans in upper case; both are accepted.
 */
export async function selectActivePlanVersion(exec: SqlExec, currencyCode: string, at: Date): Promise<ActivePlanVersionRow | null> {
  const rows = await exec<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM mlm_plan_version
      WHERE currency_code = $1 AND effective_from <= $2
      ORDER BY effective_from DESC LIMIT 1`,
    [currencyCode.toUpperCase(), at]
  )
  if (!rows[0]) return null
  const { created_by: _createdBy, created_at: _createdAt, ...active } = toVersion(rows[0])
  return active
}

// ── A sample of the live network for what-if simulation (docs/plans.md "Simulation")

export type SampleMember = {
  id: string
  sponsor?: string
  referrer?: string
  kind?: "customer"
  status?: "terminated"
  rank?: string
  enrolled_at?: string
}

export type SampleOrder = { type: "order"; id: string; buyer: string; cv: number; retail?: number; wholesale?: number; at: string }

export type SampleNetwork = {
  members: SampleMember[]
  orders: SampleOrder[]
  house_id: string | null
  distributors: number
  customers: number
}

type SampleDistributorRow = {
  id: string
  node_id: number
  sponsor_id: string | null
  status: string
  is_house: boolean
  rank: string | null
  enrolled_at: Date | string
}

type SampleOrderRow = {
  order_id: string
  owner_node: number
  buyer_kind: "distributor" | "customer"
  customer_id: string | null
  net_cv_minor: string | number
  retail_minor: string | number | null
  wholesale_minor: string | number | null
  placed_at: Date | string
}

/**
 * The house plus the first `limit` distributors in breadth-first order (depth, then tree order),
 * which is closed under sponsors: every sampled member's sponsor is sampled too. Each sampled
 * member's open commission records become its orders (at their net CV), oldest first, at most
 * `maxOrders + 1` so the caller can tell the sample is too big.
 *
 * The house is the root but never earns (it is the company), so it is posted as terminated;
 * pending and suspended distributors cannot earn in the store either, so they are terminated in
 * the sample too (their volume still flows up). A live rank the plan does not name is left out
 * (the engine refuses unknown ranks). Orders by customers get one customer member per customer
 * and referrer, so retail profit applies as in the store.
 */
export async function selectSampleNetwork(
  exec: SqlExec,
  options: { limit: number; periodKey: string | null; maxOrders: number; rankNames: Set<string> | null }
): Promise<SampleNetwork> {
  const distributors = await exec<SampleDistributorRow>(
    `SELECT id, node_id, sponsor_id, status, is_house, rank, enrolled_at
       FROM mlm_distributor
      WHERE deleted_at IS NULL
      ORDER BY depth, path_key, path
      LIMIT $1`,
    [options.limit + 1]
  )
  // The house is the only root, so it comes first and does not count towards the limit.
  const houseId = distributors[0]?.is_house ? distributors[0].id : null
  const sampled = houseId ? distributors : distributors.slice(0, options.limit)
  const sampledIds = new Set(sampled.map((row) => row.id))
  const memberIdByNode = new Map(sampled.map((row) => [Number(row.node_id), row.id]))
  const members: SampleMember[] = sampled.map((row) => ({
    id: row.id,
    ...(row.sponsor_id && sampledIds.has(row.sponsor_id) ? { sponsor: row.sponsor_id } : {}),
    ...(row.is_house || row.status !== "active" ? { status: "terminated" as const } : {}),
    ...(row.rank && (!options.rankNames || options.rankNames.has(row.rank)) ? { rank: row.rank } : {}),
    enrolled_at: new Date(row.enrolled_at).toISOString(),
  }))

  const orderRows = await exec<SampleOrderRow>(
    `SELECT order_id, owner_node, buyer_kind, customer_id, net_cv_minor, retail_minor, wholesale_minor, placed_at
       FROM mlm_commission_record
      WHERE owner_node = ANY ($1::int[]) AND status = 'open' AND ($2::text IS NULL OR period_key = $2)
      ORDER BY placed_at, order_id
      LIMIT $3`,
    [[...memberIdByNode.keys()], options.periodKey, options.maxOrders + 1]
  )
  const customerIds = new Map<string, string>()
  const orders = orderRows.map((row): SampleOrder => {
    const owner = memberIdByNode.get(Number(row.owner_node))!
    const buyer = row.buyer_kind === "customer" ? customerMember(members, customerIds, row, owner) : owner
    const priced = row.retail_minor !== null && row.wholesale_minor !== null
    return {
      type: "order",
      id: row.order_id,
      buyer,
      cv: Number(row.net_cv_minor),
      ...(priced ? { retail: Number(row.retail_minor), wholesale: Number(row.wholesale_minor) } : {}),
      at: new Date(row.placed_at).toISOString(),
    }
  })
  return { members, orders, house_id: houseId, distributors: sampled.length - (houseId ? 1 : 0), customers: customerIds.size }
}

/** The customer member an order is bought by, declared (after its referrer) on first use. */
function customerMember(members: SampleMember[], known: Map<string, string>, row: SampleOrderRow, referrer: string): string {
  const key = `${row.customer_id ?? `guest:${row.order_id}`}@${referrer}`
  let id = known.get(key)
  if (!id) {
    id = `customer:${key}`
    known.set(key, id)
    members.push({ id, kind: "customer", referrer })
  }
  return id
}
