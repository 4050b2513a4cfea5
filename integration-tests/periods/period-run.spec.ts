// Period runs against real PostgreSQL (issue #4), in a database of their own with the module's
// migrations: 10,000 distributors, two monthly periods of 30,000 orders and a weekly EUR period.
// Every figure a run writes must equal what `simulate()` posts for the same store written as a
// simulation document (network-scenario.ts builds both from one generator).
import { parsePlan, planVersionHash, simulate, type Line, type SimulationResult } from "../../src/engine"
import { pgSqlDb, type SqlDb } from "../../src/modules/mlm/commissions/sql-db"
import { PeriodRunClosedError, PeriodRunRequestError, PeriodRunStateError } from "../../src/modules/mlm/periods/errors"
import { PeriodRuns } from "../../src/modules/mlm/periods/period-runs"
import { inlinePeriodDispatch } from "../../src/modules/mlm/periods/queue"
import { runPeriod } from "../../src/modules/mlm/periods/run-period"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import { createTestDatabase, type TestDatabase } from "../queue/support/database"
import { generateStore, insertOrders, insertStore, PLAN_ID, simulationDocument, type Store } from "./network-scenario"

jest.setTimeout(600_000)

const NOW = new Date("2026-12-05T00:00:00Z")
const SIZE = 10_000

function usdPlan(store: Store) {
  const terminated = store.distributors.find((d) => d.node > 10 && d.status === "terminated")!
  return {
    currency: "USD",
    activity: { min_pv: 1000 },
    ranks: [
      { name: "bronze", min_pv: 3000 },
      { name: "silver", min_pv: 3000, min_gv: 30_000 },
      { name: "gold", min_pv: 5000, min_gv: 150_000, max_leg_share_bp: 6000 },
    ],
    components: [
      { type: "binary", rate_bp: 1000, cap_cents: 20_000, over_cap: "carry", qualification: "sponsored_each_leg" },
      {
        type: "stair_step",
        steps: [
          { min_pgv: 0, rate_bp: 0 },
          { min_pgv: 10_000, rate_bp: 200 },
          { min_pgv: 50_000, rate_bp: 500 },
          { min_pgv: 200_000, rate_bp: 800 },
        ],
        breakaway_rate_bp: 800,
        generations_bp: [300, 150],
      },
      { type: "matching", on: "binary", generations_bp: [1000, 500, 250] },
      {
        type: "pool",
        rate_bp: 200,
        shares: { [store.idOf(2)]: 3, [store.idOf(3)]: 2, [terminated.id]: 4, [store.idOf(SIZE - 5)]: 2, mlmdist_nobody: 5 },
      },
    ],
  }
}

const EUR_PLAN = {
  currency: "EUR",
  components: [
    { type: "unilevel", levels_bp: [500, 300, 200] },
    { type: "matching", on: "unilevel", generations_bp: [1000, 500] },
  ],
}

type Json = Record<string, unknown>
type Row = Record<string, unknown>

describe("period runs in PostgreSQL", () => {
  let fresh: TestDatabase
  let db: SqlDb
  let store: Store
  let plan: Json
  let inline: ReturnType<typeof inlinePeriodDispatch>
  let runs: PeriodRuns
  const progress: { phase: string; progress: number }[] = []
  const runIds: Record<string, string> = {}

  beforeAll(async () => {
    fresh = await createTestDatabase("mlm_p", 4)
    const plain = pgSqlDb(fresh.pool)
    // Every progress report the run makes, in order, as the admin API would see them.
    const spy: SqlExec = async <R>(sql: string, params: unknown[] = []) => {
      if (sql.startsWith("UPDATE mlm_period_run SET phase")) progress.push({ phase: String(params[1]), progress: Number(params[2]) })
      return plain.exec<R>(sql, params)
    }
    db = { exec: spy, transaction: plain.transaction }
    store = generateStore({ size: SIZE, late: 200, seed: 20261121, moved: 300 })
    plan = usdPlan(store)
    await insertStore(plain, store)
    await insertPlanVersion(plain, "mlmplv_usd", PLAN_ID, plan, "monthly")
    await insertPlanVersion(plain, "mlmplv_eur", "mlmplan_e", EUR_PLAN, "weekly")
    await insertOrders(plain, store.orders, (currency) => (currency === "USD" ? "mlmplv_usd" : "mlmplv_eur"))
    inline = inlinePeriodDispatch(db)
    runs = new PeriodRuns(db, inline, () => NOW)
  })

  afterAll(async () => {
    await inline?.idle()
    await fresh?.drop()
  })

  const rows = (sql: string, params: unknown[] = []) => db.exec<Row>(sql, params)

  async function runToEnd(periodKey: string, currency = "USD") {
    const { run, created } = await runs.create({ period_key: periodKey, currency_code: currency })
    await inline.idle()
    runIds[periodKey] = run.id
    return { created, run: await runs.get(run.id) }
  }

  const linesOf = (runId: string, periodKey: string) => periodLines(db, store, runId, periodKey)

  async function carryOf(runId: string) {
    const members = await rows(
      `SELECT node_id, carry_left_minor, carry_right_minor FROM mlm_period_member_current
        WHERE run_id = $1 AND (carry_left_minor <> 0 OR carry_right_minor <> 0)`,
      [runId]
    )
    return Object.fromEntries(members.map((m) => [store.idOf(Number(m.node_id)), { left: Number(m.carry_left_minor), right: Number(m.carry_right_minor) }]))
  }

  async function ranksOf(runId: string) {
    const members = await rows(`SELECT node_id, rank FROM mlm_period_member_current WHERE run_id = $1 AND rank IS NOT NULL`, [runId])
    return Object.fromEntries(members.map((m) => [store.idOf(Number(m.node_id)), String(m.rank)]))
  }

  function expectSameLines(actual: Line[], replay: SimulationResult, source: string) {
    const expected = replay.lines.filter((line) => line.source === source)
    expect(expected.length).toBeGreaterThan(1000)
    expect(multiset(actual)).toEqual(multiset(expected))
  }

  const october = () => simulate(simulationDocument(store, plan, [{ key: "2026-10", currency: "USD", lateJoin: false }]))

  it("period 2026-10: a run over 10,000 distributors posts exactly simulate()'s lines, carry and ranks", async () => {
    const { created, run } = await runToEnd("2026-10")
    expect(created).toBe(true)
    expect(run).toMatchObject({ status: "computed", phase: "done", progress: 100, runs: 1, error: null, plan_version_id: "mlmplv_usd" })
    const replay = october()
    const lines = await linesOf(run.id, "2026-10")
    expectSameLines(lines, replay, "2026-10")
    expect(await carryOf(run.id)).toEqual(replay.carry)
    expect(await ranksOf(run.id)).toEqual(replay.ranks)

    const orders = store.orders.filter((o) => o.periodKey === "2026-10" && o.currency === "USD" && !o.canceled)
    expect(run.summary).toMatchObject({
      members: SIZE - 200, // the late joiners enrolled after October
      unplaced: 0,
      seated: 0, // the store's placements are all there
      reordered: true, // the moved member's new sponsor has a higher node_id
      late_ancestors: 0,
      orders: orders.length,
      period_cv_minor: orders.reduce((sum, o) => sum + o.net, 0),
      carry_from_run_id: null,
      lines_count: lines.length,
      result_rows: lines.length,
      ranks_evaluated: true,
    })
    const byBonus = (run.summary!.lines as Record<string, { count: number; total_minor: number }>)
    for (const bonus of ["binary", "stair_step", "generation", "matching", "pool"]) {
      const of = lines.filter((line) => line.bonus === bonus)
      expect(byBonus[bonus]).toEqual({ count: of.length, total_minor: of.reduce((sum, line) => sum + line.cents, 0) })
    }
    const timings = run.summary!.timings_ms as Record<string, number>
    expect(Object.keys(timings).sort()).toEqual(["compute", "load", "seat", "total", "write", "write_cleanup", "write_insert"])

    // Progress went load → compute → write, never backwards, inside 0..100.
    const phases = progress.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1])
    expect(phases).toEqual(["load", "compute", "write"])
    expect(progress.every((p, i) => p.progress >= 0 && p.progress <= 100 && (i === 0 || p.progress >= progress[i - 1].progress))).toBe(true)
    expect(progress.filter((p) => p.phase === "load").length).toBeGreaterThan(3)
  })

  it("a re-run replaces the results with identical ones and counts the run", async () => {
    const id = runIds["2026-10"]
    // What readers see (the current attempt), and that no other attempt's rows are left behind.
    const snapshot = async () => ({
      results: await rows(`SELECT * FROM mlm_period_result_current WHERE run_id = $1 ORDER BY beneficiary_node, bonus, level`, [id]),
      members: await rows(`SELECT * FROM mlm_period_member_current WHERE run_id = $1 ORDER BY node_id`, [id]),
      attempts: await rows(
        `SELECT 'result' AS t, count(DISTINCT attempt)::int AS n FROM mlm_period_result WHERE run_id = $1
         UNION ALL SELECT 'member', count(DISTINCT attempt)::int FROM mlm_period_member WHERE run_id = $1`,
        [id]
      ),
    })
    const before = await snapshot()
    const queued = await runs.rerun(id)
    expect(queued).toMatchObject({ status: "queued", runs: 2, progress: 0 })
    await inline.idle()
    expect(await runs.get(id)).toMatchObject({ status: "computed", runs: 2, progress: 100 })
    expect(await snapshot()).toEqual(before)
    expect(before.attempts).toEqual([{ t: "result", n: 1 }, { t: "member", n: 1 }])
    // Asking for the period again is a re-run of the same run, not a second run.
    const again = await runs.create({ period_key: "2026-10", currency_code: "USD" })
    expect(again).toMatchObject({ created: false, run: { id, runs: 3 } })
    await inline.idle()
    expect(await snapshot()).toEqual(before)
    // The results hold no per-row foreign key: a run that has results cannot be deleted instead.
    await expect(rows(`DELETE FROM mlm_period_run WHERE id = $1`, [id])).rejects.toThrow(`mlm_period_run ${id}: its results must be deleted first`)
    expect(await snapshot()).toEqual(before)
  })

  it("a write that fails part-way leaves the previous results current, and the next run clears what it left", async () => {
    const id = runIds["2026-10"]
    const current = async () => ({
      results: await rows(`SELECT * FROM mlm_period_result_current WHERE run_id = $1 ORDER BY beneficiary_node, bonus, level`, [id]),
      members: await rows(`SELECT * FROM mlm_period_member_current WHERE run_id = $1 ORDER BY node_id`, [id]),
    })
    const before = await current()
    const [{ n: rowsBefore }] = await rows(`SELECT count(*)::int AS n FROM mlm_period_result WHERE run_id = $1`, [id])
    // The member rows of the next attempt fail; its result rows commit on their own connection.
    await rows(`CREATE FUNCTION fail_member_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk full (test)'; END $$`)
    await rows(`CREATE TRIGGER fail_member_rows BEFORE INSERT ON mlm_period_member FOR EACH STATEMENT EXECUTE FUNCTION fail_member_rows()`)
    try {
      await runs.rerun(id)
      await inline.idle()
      expect(await runs.get(id)).toMatchObject({ status: "failed", error: expect.stringContaining("disk full (test)") })
      expect(await current()).toEqual(before)
      const [{ n: rowsAfter }] = await rows(`SELECT count(*)::int AS n FROM mlm_period_result WHERE run_id = $1`, [id])
      expect(rowsAfter).toBe(2 * Number(rowsBefore))
    } finally {
      await rows(`DROP TRIGGER fail_member_rows ON mlm_period_member`)
      await rows(`DROP FUNCTION fail_member_rows()`)
    }
    await runs.rerun(id)
    await inline.idle()
    expect(await runs.get(id)).toMatchObject({ status: "computed" })
    expect(await current()).toEqual(before)
    const [{ n: rowsCleared }] = await rows(`SELECT count(*)::int AS n FROM mlm_period_result WHERE run_id = $1`, [id])
    expect(rowsCleared).toBe(Number(rowsBefore))
  })

  it("closing posts exactly the results to the ledger, sets the ranks reached and freezes the run", async () => {
    const id = runIds["2026-10"]
    const results = await rows(`SELECT beneficiary_node, bonus, level, amount_minor, base_minor, rate_bp FROM mlm_period_result WHERE run_id = $1`, [id])
    const closed = await runs.close(id, "user_admin")
    expect(closed.posted_lines).toBe(results.length)
    expect(closed.run).toMatchObject({ status: "closed", closed_by: "user_admin" })
    expect(closed.run.closed_at).toEqual(NOW)

    const ledger = await rows(
      `SELECT beneficiary_node, bonus, level, amount_minor, base_minor, rate_bp, source_kind, status, currency_code, plan_version_id, order_id, hold_until
         FROM mlm_ledger_line WHERE source_id = $1`,
      [id]
    )
    expect(ledger.every((l) => l.source_kind === "period" && l.status === "available" && l.currency_code === "USD" &&
      l.plan_version_id === "mlmplv_usd" && l.order_id === null && l.hold_until === null)).toBe(true)
    const key = (r: Row) => JSON.stringify([r.beneficiary_node, r.bonus, r.level, r.amount_minor, r.base_minor, r.rate_bp])
    expect(ledger.map(key).sort()).toEqual(results.map(key).sort())

    // Ranks: every October member now holds the rank October reached; late joiners keep theirs.
    const replay = october()
    const ranks = await rows(`SELECT node_id, rank FROM mlm_distributor`)
    for (const row of ranks) {
      const d = store.distributors[Number(row.node_id) - 1]
      expect([d.id, row.rank]).toEqual([d.id, d.late ? d.rank : replay.ranks![d.id] ?? null])
    }

    await expect(runs.rerun(id)).rejects.toThrow(PeriodRunClosedError)
    await expect(runs.rerun(id)).rejects.toThrow(`Period run ${id} is closed: its results are frozen and cannot be re-run`)
    await expect(runs.close(id, "user_admin")).rejects.toThrow(PeriodRunClosedError)
    await expect(runs.create({ period_key: "2026-10", currency_code: "USD" })).rejects.toThrow(PeriodRunClosedError)
    await expect(runPeriod(db, id)).rejects.toThrow(PeriodRunClosedError)
    expect(await runs.get(id)).toMatchObject({ status: "closed", runs: 5 })

    // A close retried after a lost acknowledgement posts nothing twice (the ledger's line identity).
    await rows(`UPDATE mlm_period_run SET status = 'computed' WHERE id = $1`, [id])
    expect((await runs.close(id, "user_admin")).posted_lines).toBe(0)
    const [{ n }] = await rows(`SELECT count(*) AS n FROM mlm_ledger_line WHERE source_id = $1`, [id])
    expect(Number(n)).toBe(results.length)
  })

  it("period 2026-11 starts from October's closed carry and equals simulate() over both periods", async () => {
    const { run } = await runToEnd("2026-11")
    expect(run.status).toBe("computed")
    const replay = simulate(
      simulationDocument(store, plan, [
        { key: "2026-10", currency: "USD", lateJoin: false },
        { key: "2026-11", currency: "USD", lateJoin: true },
      ])
    )
    expectSameLines(await linesOf(run.id, "2026-11"), replay, "2026-11")
    expect(await carryOf(run.id)).toEqual(replay.carry)
    expect(await ranksOf(run.id)).toEqual(replay.ranks)
    const octoberCarryRows = await rows(
      `SELECT count(*) AS n FROM mlm_period_member WHERE run_id = $1 AND (carry_left_minor <> 0 OR carry_right_minor <> 0)`,
      [runIds["2026-10"]]
    )
    expect(run.summary).toMatchObject({ members: SIZE, carry_from_run_id: runIds["2026-10"], carry_rows: Number(octoberCarryRows[0].n) })
  })

  it("periods close in order: a later one waits for the earlier, none runs before a closed one, none before it starts", async () => {
    const { run: december } = await runToEnd("2026-12")
    expect(december.status).toBe("failed")
    expect(december.error).toBe(
      `PeriodRunInputError: Period 2026-11 (run ${runIds["2026-11"]}) is not closed: close it first, its carry is the carry into 2026-12`
    )
    await expect(runs.close(december.id, null)).rejects.toThrow(new PeriodRunStateError(`Period run ${december.id} is failed: only a computed run can be closed`))
    await expect(runs.create({ period_key: "2026-09", currency_code: "USD" })).rejects.toThrow(
      new PeriodRunStateError("A later period (2026-10) of USD is closed: 2026-09 can no longer run")
    )
    await expect(runs.create({ period_key: "2027-01", currency_code: "USD" })).rejects.toThrow(new PeriodRunRequestError("Period 2027-01 has not started yet"))
    await expect(runs.create({ period_key: "2026-W48", currency_code: "USD" })).rejects.toThrow(
      new PeriodRunRequestError("The plan for USD is monthly: 2026-W48 is not a monthly period")
    )
    await expect(runs.create({ period_key: "2026-11", currency_code: "GBP" })).rejects.toThrow(
      new PeriodRunRequestError("No plan version for GBP is in force at the end of 2026-11")
    )

    await runs.close(runIds["2026-11"], "user_admin")
    await runs.rerun(december.id)
    await inline.idle()
    const rerun = await runs.get(december.id)
    expect(rerun).toMatchObject({ status: "computed", error: null, summary: { carry_from_run_id: runIds["2026-11"], orders: 0 } })
    await expect(runs.close(december.id, null)).rejects.toThrow(
      new PeriodRunStateError("Period 2026-12 ends at 2027-01-01T00:00:00.000Z: it cannot be closed before it has ended")
    )
  })

  it("a matching on unilevel reads the period's unilevel pay from the ledger (EUR, weekly)", async () => {
    const doc = simulationDocument(store, EUR_PLAN, [{ key: "2026-W45", currency: "EUR", lateJoin: false }])
    const replay = simulate(doc)
    // The commission worker's lines for these orders: the replay's own unilevel lines (refund
    // lines are adjustments of their order), plus a canceled line that must not count.
    const orderOf = new Map(store.orders.map((o) => [`refund_${o.id}`, o.id]))
    const unilevel = replay.lines.filter((line) => line.bonus === "unilevel")
    expect(unilevel.length).toBeGreaterThan(1000)
    const ledger = [
      ...unilevel.map((line) => ({ ...line, kind: orderOf.has(line.source) ? "adjustment" : "order", order: orderOf.get(line.source) ?? line.source, status: "pending" })),
      { to: store.idOf(2), bonus: "unilevel", level: 1, source: "order_2026-W45_EUR_0", cents: 999_999, kind: "adjustment", order: "order_2026-W45_EUR_0", status: "canceled" },
    ]
    await rows(
      `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, order_id, status)
       SELECT kind, source, node, 'unilevel', level, cents, 'EUR', 'mlmplv_eur', order_id, status
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::text[], $7::text[]) AS t(kind, source, node, level, cents, order_id, status)`,
      [
        ledger.map((l) => l.kind),
        ledger.map((l, i) => (l.status === "canceled" ? `cancel-${i}` : l.source)),
        ledger.map((l) => store.nodeOf(l.to)),
        ledger.map((l) => l.level),
        ledger.map((l) => l.cents),
        ledger.map((l) => l.order),
        ledger.map((l) => l.status),
      ]
    )
    const { run } = await runToEnd("2026-W45", "EUR")
    expect(run).toMatchObject({ status: "computed", plan_version_id: "mlmplv_eur", summary: { ranks_evaluated: false, unplaced: 0 } })
    const lines = await linesOf(run.id, "2026-W45")
    expect(lines.every((line) => line.bonus === "matching")).toBe(true)
    expectSameLines(lines, replay, "2026-W45")
    // No ranks in the plan: the run writes no member rows (no binary, no ranks).
    expect(await rows(`SELECT 1 FROM mlm_period_member WHERE run_id = $1`, [run.id])).toEqual([])
  })

  it("the scheduler's daily pass creates the run of each currency's period that just ended, once", async () => {
    // On 2026-12-05 USD's last month (2026-11) has its run; EUR's last week is 2026-W48.
    const created = await runs.createEndedPeriods(NOW)
    expect(created).toHaveLength(1)
    expect(await runs.get(created[0])).toMatchObject({ period_key: "2026-W48", currency_code: "EUR" })
    expect(await runs.createEndedPeriods(NOW)).toEqual([])
    await inline.idle()
  })
})

async function insertPlanVersion(db: SqlDb, id: string, planId: string, definition: Json, period: "weekly" | "monthly") {
  const plan = parsePlan(definition)
  await db.exec(`INSERT INTO mlm_plan (id, name, period, draft) VALUES ($1, $1, $2, $3::jsonb)`, [planId, period, JSON.stringify(definition)])
  await db.exec(
    `INSERT INTO mlm_plan_version (id, plan_id, version, currency_code, period, definition, hash, effective_from)
     VALUES ($1, $2, 1, $3, $4, $5::jsonb, $6, '2026-01-01T00:00:00Z')`,
    [id, planId, plan.currency, period, JSON.stringify(plan), planVersionHash(plan)]
  )
}

function multiset(lines: Line[]): string[] {
  return lines.map((line) => JSON.stringify([line.to, line.bonus, line.level ?? null, line.source, line.cents])).sort()
}

/** A run's result rows as the engine's lines, for comparison with simulate(). */
async function periodLines(db: SqlDb, store: Store, runId: string, periodKey: string): Promise<Line[]> {
  const results = await db.exec<Row>(`SELECT beneficiary_node, bonus, level, amount_minor FROM mlm_period_result_current WHERE run_id = $1`, [runId])
  return results.map((row) => {
    const line: Line = { to: store.idOf(Number(row.beneficiary_node)), bonus: row.bonus as Line["bonus"], source: periodKey, cents: Number(row.amount_minor) }
    if (row.bonus === "generation" || row.bonus === "matching") line.level = Number(row.level)
    return line
  })
}

// A store's enrollments write no placement seats: a binary plan's run seats its members first
// (src/modules/mlm/periods/seat.ts), by the plan's policy in enrollment order, as simulate()
// seats members that join without a placement.
describe("a binary plan whose members have no seats", () => {
  const SEATED_SIZE = 3000
  const plan = {
    currency: "USD",
    components: [{ type: "binary", rate_bp: 1000, cap_cents: 20_000, over_cap: "carry", placement: "weaker_leg_count_bfs" }],
  }
  let fresh: TestDatabase
  let db: SqlDb
  let store: Store

  beforeAll(async () => {
    fresh = await createTestDatabase("mlm_seat", 4)
    db = pgSqlDb(fresh.pool)
    store = generateStore({ size: SEATED_SIZE, late: 0, seed: 20261122, moved: 100 })
    await insertStore(db, store)
    await db.exec(`DELETE FROM mlm_placement`)
    await insertPlanVersion(db, "mlmplv_seat", PLAN_ID, plan, "monthly")
    await insertOrders(db, store.orders.filter((order) => order.currency === "USD"), () => "mlmplv_seat")
  })

  afterAll(async () => {
    await fresh?.drop()
  })

  it("are seated by the plan's policy before the run, which then posts exactly simulate()'s lines; a re-run seats nobody", async () => {
    const inline = inlinePeriodDispatch(db)
    const runs = new PeriodRuns(db, inline, () => NOW)
    const { run } = await runs.create({ period_key: "2026-10", currency_code: "USD" })
    await inline.idle()
    expect(await runs.get(run.id)).toMatchObject({ status: "computed", summary: { seated: SEATED_SIZE, unplaced: 0 } })
    const seats = await db.exec<{ roots: number; seats: number; deepest: number }>(
      `SELECT count(*) FILTER (WHERE parent_placement_id IS NULL)::int AS roots, count(*)::int AS seats, max(depth)::int AS deepest
         FROM mlm_placement WHERE tree_type = 'binary' AND tree_key = $1`,
      [PLAN_ID]
    )
    expect(seats[0]).toMatchObject({ roots: 1, seats: SEATED_SIZE })
    // The house is the root; every seat's path ends with its own member's node.
    const [root] = await db.exec<{ node: number }>(`SELECT d.node_id AS node FROM mlm_placement p JOIN mlm_distributor d ON d.id = p.distributor_id WHERE p.parent_placement_id IS NULL`)
    expect(root.node).toBe(1)
    const [wrong] = await db.exec<{ n: number }>(
      `SELECT count(*)::int AS n FROM mlm_placement p JOIN mlm_distributor d ON d.id = p.distributor_id WHERE p.path[cardinality(p.path)] <> d.node_id`
    )
    expect(wrong.n).toBe(0)

    const replay = simulate(simulationDocument(store, plan, [{ key: "2026-10", currency: "USD", lateJoin: false }], { placements: false }))
    const expected = replay.lines.filter((line) => line.source === "2026-10")
    expect(expected.length).toBeGreaterThan(100)
    expect(multiset(await periodLines(db, store, run.id, "2026-10"))).toEqual(multiset(expected))

    await runs.rerun(run.id)
    await inline.idle()
    expect(await runs.get(run.id)).toMatchObject({ status: "computed", summary: { seated: 0, unplaced: 0 } })
    await inline.idle()
  })
})
