/**
 * npm run bench:tree — the sponsor tree at 1,000,000 distributors (issue 2). Not a test: it
 * prints a markdown table of p50/p99 per operation against the targets.
 *
 * The schema is the module's own migrations (their SQL, collected by running each migration's
 * up() against a recorder), and every measured statement is the module's repository SQL
 * (src/modules/mlm/repositories), run here through `pg` instead of MikroORM.
 */
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { Client } from "pg"
import { generateReferralCode } from "../src/modules/mlm/domain/referral-code"
import { type TreeNode } from "../src/modules/mlm/repositories/distributor-rows"
import { insertDistributorBatch, selectTakenReferralCodes } from "../src/modules/mlm/repositories/enrollment-sql"
import { insertSponsorMove } from "../src/modules/mlm/repositories/history-sql"
import type { SqlExec } from "../src/modules/mlm/repositories/sql-exec"
import { lockTreeForEnrollment, lockTreeForMove } from "../src/modules/mlm/repositories/tree-lock"
import { rewriteSubtreePaths } from "../src/modules/mlm/repositories/tree-moves"
import { findTreeNode, isAncestorPath, selectDownlinePage, selectLevelTotals, selectUpline } from "../src/modules/mlm/repositories/tree-queries"

const DB_NAME = "mlm_bench_tree"
const SERVER_URL = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : new URL("postgres://postgres@127.0.0.1:5432/postgres")
const RANDOM_NODES = 990_000 // the house (node 1) plus a random recursive tree
const CHAIN_LENGTH = 10_000 // one chain hanging under the house, 10,000 deep
const PERIOD_KEY = "2026-11"

function urlFor(database: string): string {
  const url = new URL(SERVER_URL.toString())
  url.pathname = `/${database}`
  return url.toString()
}

async function migrationSql(): Promise<string[]> {
  const dir = join(__dirname, "../src/modules/mlm/migrations")
  const files = readdirSync(dir).filter((f) => /^Migration\d+\.ts$/.test(f)).sort()
  const statements: string[] = []
  for (const file of files) {
    const exported = (await import(join(dir, file))) as Record<string, { prototype: { up(): Promise<void> } }>
    for (const MigrationClass of Object.values(exported)) {
      const recorder = Object.create(MigrationClass.prototype) as { up(): Promise<void>; addSql(sql: string): void }
      recorder.addSql = (sql: string) => statements.push(sql)
      await recorder.up()
    }
  }
  return statements
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * (sorted.length - 1)))]
}

async function timeIt(reps: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(5, reps); i++) await run(i) // warm-up
  const samples: number[] = []
  for (let i = 0; i < reps; i++) {
    const start = performance.now()
    await run(i)
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) }
}

async function seed(db: Client): Promise<number> {
  const started = performance.now()
  await db.query("BEGIN")
  await lockTreeForMove(execOn(db))
  await db.query(`SELECT setseed(0.42)`)
  // Random recursive tree: node k picks a uniformly random earlier node as sponsor.
  await db.query(`CREATE TEMP TABLE seed_parent AS
    SELECT k AS node_id, CASE WHEN k = 1 THEN NULL ELSE 1 + floor(random() * (k - 1))::int END AS parent
      FROM generate_series(1, ${RANDOM_NODES}) k`)
  await db.query(`CREATE TEMP TABLE seed_path AS
    WITH RECURSIVE t(node_id, path) AS (
      SELECT 1, ARRAY[1]
      UNION ALL
      SELECT s.node_id, t.path || s.node_id FROM seed_parent s JOIN t ON s.parent = t.node_id
    ) SELECT node_id, path FROM t`)
  await db.query(`INSERT INTO seed_path
    SELECT n, ARRAY[1] || (SELECT array_agg(g ORDER BY g) FROM generate_series(${RANDOM_NODES + 1}, n) g)
      FROM generate_series(${RANDOM_NODES + 1}, ${RANDOM_NODES + CHAIN_LENGTH}) n`)
  // Codes: an odd multiplier mod 2^40 is a bijection on node_ids, written in the code alphabet.
  await db.query(`INSERT INTO mlm_distributor
      (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path, pv_period_key, pv_minor)
    SELECT 'mlmdist_b' || p.node_id, p.node_id,
           CASE WHEN p.node_id = 1 THEN NULL ELSE 'cus_b' || p.node_id END,
           CASE WHEN p.node_id = 1 THEN 'HOUSE' ELSE (
             SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (((p.node_id::bigint * 1099511627) % 1099511627776) >> (5 * i) & 31)::int + 1, 1), '' ORDER BY i)
               FROM generate_series(0, 7) i) END,
           'active',
           CASE WHEN cardinality(p.path) = 1 THEN NULL ELSE 'mlmdist_b' || p.path[cardinality(p.path) - 1] END,
           p.node_id = 1, now() - make_interval(secs => ${RANDOM_NODES + CHAIN_LENGTH} - p.node_id), p.path,
           CASE WHEN random() < 0.6 THEN '${PERIOD_KEY}' END, (random() * 20000)::bigint
      FROM seed_path p ORDER BY p.path`)
  await db.query(`SELECT setval(pg_get_serial_sequence('mlm_distributor', 'node_id'), ${RANDOM_NODES + CHAIN_LENGTH})`)
  await db.query("COMMIT")
  await db.query("VACUUM ANALYZE mlm_distributor")
  return (performance.now() - started) / 1000
}

function execOn(db: Client): SqlExec {
  return async <Row>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as Row[]
}

async function nodeByNodeId(exec: SqlExec, nodeId: number): Promise<TreeNode> {
  return (await findTreeNode(exec, `mlmdist_b${nodeId}`))!
}

/** The node among the first `span` whose subtree size is nearest `size` (counted by the module's own query). */
async function nodeWithSubtreeNear(exec: SqlExec, from: number, span: number, size: number): Promise<{ node: TreeNode; size: number }> {
  let best: { node: TreeNode; size: number } | null = null
  for (let nodeId = from; nodeId < from + span; nodeId++) {
    const node = await nodeByNodeId(exec, nodeId)
    const levels = await selectLevelTotals(exec, node, 20_000)
    const total = levels.reduce((sum, level) => sum + level.count, 0)
    if (!best || Math.abs(total - size) < Math.abs(best.size - size)) best = { node, size: total }
  }
  return best!
}

async function main() {
  const admin = new Client({ connectionString: urlFor("postgres") })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`)
  await admin.query(`CREATE DATABASE ${DB_NAME}`)
  const db = new Client({ connectionString: urlFor(DB_NAME) })
  await db.connect()
  const exec = execOn(db)
  try {
    for (const statement of await migrationSql()) await db.query(statement)
    const loadSeconds = await seed(db)
    console.error(`loaded in ${loadSeconds.toFixed(1)} s`)
    const rows: string[][] = []
    const report = (operation: string, t: { p50: number; p99: number }, target: string, pass: boolean) =>
      rows.push([operation, t.p50.toFixed(2), t.p99.toFixed(2), target, pass ? "PASS" : "FAIL"]) && console.error(`measured: ${operation}`)

    const depth100 = `mlmdist_b${RANDOM_NODES + 100}`
    const up100 = await timeIt(300, () => selectUpline(exec, depth100, null))
    report("upline of a node at depth 100 (100 rows)", up100, "p50 ≤ 2, p99 ≤ 5", up100.p50 <= 2 && up100.p99 <= 5)
    const deepest = `mlmdist_b${RANDOM_NODES + CHAIN_LENGTH}`
    const up10k = await timeIt(30, () => selectUpline(exec, deepest, null))
    report("upline of a node at depth 10,000 (10,000 rows)", up10k, "—", true)

    const root = await nodeByNodeId(exec, 1)
    const page = await timeIt(300, () => selectDownlinePage(exec, { node: root, maxDepth: 20, limit: 50, offset: 0, order: "level" }))
    report("downline page under the root (50 rows, level order)", page, "p50 ≤ 5", page.p50 <= 5)
    const deepPage = await timeIt(100, (i) => selectDownlinePage(exec, { node: root, maxDepth: 20, limit: 50, offset: 1000 + i * 50, order: "level" }))
    report("downline page under the root at offset 1,000–6,000", deepPage, "—", true)

    const big = await nodeWithSubtreeNear(exec, 2, 30, 100_000)
    const aggregate = await timeIt(50, () => selectLevelTotals(exec, big.node, 20_000, { periodKey: PERIOD_KEY }))
    report(`counts + volume per level, ${big.size.toLocaleString("en")} descendants`, aggregate, "p50 ≤ 50", aggregate.p50 <= 50)

    const mover = await nodeWithSubtreeNear(exec, 40, 400, 10_000)
    const targets = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((id) => `mlmdist_b${id}`)
    let moveCount = 0
    const move = await timeIt(12, async (i) => {
      moveCount++
      await db.query("BEGIN")
      await lockTreeForMove(exec)
      const node = (await findTreeNode(exec, mover.node.id, true))!
      const target = (await findTreeNode(exec, targets.find((t, k) => k >= i % targets.length && t !== node.sponsor_id) ?? targets[0]))!
      if (isAncestorPath(node, target) || target.id === node.id) throw new Error("bench picked a target inside the subtree")
      const moved = await rewriteSubtreePaths(exec, node, target)
      await insertSponsorMove(exec, { id: `mlmmove_b${moveCount}`, distributorId: node.id, fromSponsorId: node.sponsor_id!, toSponsorId: target.id, subtreeSize: moved, actorId: "bench", reason: "bench" })
      await db.query("COMMIT")
    })
    report(`sponsor move of a ${(mover.size + 1).toLocaleString("en")}-node subtree`, move, "—", true)

    let enrolled = 0
    const batch = 10_000
    const enroll = await timeIt(3, async (i) => {
      const sponsors = Array.from({ length: batch }, (_, k) => `mlmdist_b${2 + ((k * 7919 + i * 104_729) % (RANDOM_NODES - 1))}`)
      await db.query("BEGIN")
      const codes = sponsors.map(() => generateReferralCode())
      const taken = await selectTakenReferralCodes(exec, codes)
      if (taken.size > 0) throw new Error("code clash in bench batch; rerun")
      await lockTreeForEnrollment(exec)
      const inserted = await insertDistributorBatch(
        exec,
        sponsors.map((sponsorId, k) => ({ id: `mlmdist_n${i}_${k}_${Date.now()}`, customerId: `cus_n${i}_${k}_${Date.now()}`, referralCode: codes[k], status: "active", sponsorId }))
      )
      await db.query("COMMIT")
      enrolled += inserted.length
    })
    const perSecond = batch / (enroll.p50 / 1000)
    rows.push([`bulk enrollment, 10,000 per batch (${Math.round(perSecond).toLocaleString("en")}/s at p50)`, enroll.p50.toFixed(0), enroll.p99.toFixed(0), "≥ 2,000/s", perSecond >= 2000 ? "PASS" : "FAIL"])

    const size = await db.query(`SELECT pg_size_pretty(pg_total_relation_size('mlm_distributor')) AS total, (SELECT count(*) FROM mlm_distributor) AS n`)
    console.log(`\nSponsor tree: ${Number(size.rows[0].n).toLocaleString("en")} distributors (random recursive tree of ${RANDOM_NODES.toLocaleString("en")} + a ${CHAIN_LENGTH.toLocaleString("en")}-deep chain), table + indexes ${size.rows[0].total}; load + VACUUM ANALYZE ${loadSeconds.toFixed(1)} s; bulk-enrolled ${enrolled.toLocaleString("en")} more.\n`)
    console.log("| operation | p50 ms | p99 ms | target | result |")
    console.log("|---|---:|---:|---|---|")
    for (const row of rows) console.log(`| ${row.join(" | ")} |`)
  } finally {
    await db.end()
    if (process.env.KEEP_BENCH_DB !== "1") await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`)
    await admin.end()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
