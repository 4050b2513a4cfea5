import { distributorColumns, type DistributorRow } from "../../../../../../../modules/mlm/repositories/distributor-rows"
import type { SqlExec } from "../../../../../../../modules/mlm/repositories/sql-exec"

/**
 * The placement trees (binary, matrix; docs/data-model.md) as the genealogy explorer reads them:
 * which trees exist, one node's seat and its children, and the binary carry of the latest
 * computed run of the tree's plan (the tree_key is the plan's id). Every statement is a probe
 * or a short ordered range of an index of mlm_placement: (tree_type, tree_key, path_key) for the
 * list of trees, the one-seat-per-member and one-seat-per-position unique indexes for the rest.
 */

export type TreeType = "binary" | "matrix"

export type PlacementTreeRow = { tree_type: TreeType; tree_key: string; root_distributor_id: string | null; plan_name: string | null }

/** Trees listed at most; a store has one per binary or matrix plan. */
export const MAX_TREES = 100

/** Distinct (tree_type, tree_key) by a skip scan of the subtree index, each with its root. */
export function selectPlacementTrees(exec: SqlExec): Promise<PlacementTreeRow[]> {
  return exec<PlacementTreeRow>(
    `WITH RECURSIVE t(tree_type, tree_key, n) AS (
       (SELECT tree_type, tree_key, 1 FROM mlm_placement WHERE deleted_at IS NULL ORDER BY tree_type, tree_key LIMIT 1)
       UNION ALL
       SELECT x.tree_type, x.tree_key, t.n + 1
         FROM t CROSS JOIN LATERAL (
           SELECT p.tree_type, p.tree_key FROM mlm_placement p
            WHERE (p.tree_type, p.tree_key) > (t.tree_type, t.tree_key) AND p.deleted_at IS NULL
            ORDER BY p.tree_type, p.tree_key LIMIT 1
         ) x
        WHERE t.n < $1
     )
     SELECT t.tree_type, t.tree_key, r.distributor_id AS root_distributor_id, pl.name AS plan_name
       FROM t
       LEFT JOIN LATERAL (
         SELECT r.distributor_id FROM mlm_placement r
          WHERE r.tree_type = t.tree_type AND r.tree_key = t.tree_key
            AND coalesce(r.parent_placement_id, '') = '' AND r.deleted_at IS NULL
          LIMIT 1
       ) r ON true
       LEFT JOIN mlm_plan pl ON pl.id = t.tree_key
      ORDER BY t.tree_type, t.tree_key`,
    [MAX_TREES]
  )
}

/** `seat_depth`: the depth in the placement tree (a distributor's own `depth` is its sponsor-tree depth). */
export type SeatRow = { placement_id: string; position: number | null; seat_depth: number; node_id: number; child_count: number }

export async function selectSeat(exec: SqlExec, tree: { type: TreeType; key: string }, distributorId: string): Promise<SeatRow | null> {
  const rows = await exec<SeatRow>(
    `SELECT s.id AS placement_id, s.position, s.depth AS seat_depth, d.node_id,
            (SELECT count(*)::int FROM mlm_placement g
              WHERE g.tree_type = s.tree_type AND g.tree_key = s.tree_key
                AND coalesce(g.parent_placement_id, '') = s.id AND g.deleted_at IS NULL) AS child_count
       FROM mlm_placement s JOIN mlm_distributor d ON d.id = s.distributor_id
      WHERE s.tree_type = $1 AND s.tree_key = $2 AND s.distributor_id = $3 AND s.deleted_at IS NULL`,
    [tree.type, tree.key, distributorId]
  )
  return rows[0] ? normaliseSeat(rows[0]) : null
}

export type PlacedChildRow = SeatRow & DistributorRow

/** The seats under one seat, by position (left then right; matrix slots in order), with their own child counts. */
export async function selectPlacedChildren(
  exec: SqlExec,
  tree: { type: TreeType; key: string },
  parentPlacementId: string,
  page: { limit: number; offset: number }
): Promise<{ rows: PlacedChildRow[]; count: number }> {
  const rows = await exec<PlacedChildRow & { total: number }>(
    `SELECT p.id AS placement_id, p.position, p.depth AS seat_depth, d.node_id, ${distributorColumns("d")},
            count(*) OVER ()::int AS total,
            (SELECT count(*)::int FROM mlm_placement g
              WHERE g.tree_type = p.tree_type AND g.tree_key = p.tree_key
                AND coalesce(g.parent_placement_id, '') = p.id AND g.deleted_at IS NULL) AS child_count
       FROM mlm_placement p JOIN mlm_distributor d ON d.id = p.distributor_id
      WHERE p.tree_type = $1 AND p.tree_key = $2 AND coalesce(p.parent_placement_id, '') = $3 AND p.deleted_at IS NULL
      ORDER BY coalesce(p.position, -1), p.id
      LIMIT $4 OFFSET $5`,
    [tree.type, tree.key, parentPlacementId, page.limit, page.offset]
  )
  let count = Number(rows[0]?.total ?? 0)
  if (!rows.length && page.offset > 0) {
    const counted = await exec<{ count: number }>(
      `SELECT count(*)::int AS count FROM mlm_placement p
        WHERE p.tree_type = $1 AND p.tree_key = $2 AND coalesce(p.parent_placement_id, '') = $3 AND p.deleted_at IS NULL`,
      [tree.type, tree.key, parentPlacementId]
    )
    count = Number(counted[0]?.count ?? 0)
  }
  return { count, rows: rows.map((row) => ({ ...row, ...normaliseSeat(row) })) }
}

function normaliseSeat<T extends SeatRow>(row: T): SeatRow {
  return {
    placement_id: row.placement_id,
    position: row.position === null ? null : Number(row.position),
    seat_depth: Number(row.seat_depth),
    node_id: Number(row.node_id),
    child_count: Number(row.child_count),
  }
}

export type CarryRun = { id: string; period_key: string; currency_code: string; status: string }

/** The latest computed or closed period run of the tree's plan: its carry out is the legs' carry. */
export async function selectLatestCarryRun(exec: SqlExec, planId: string): Promise<CarryRun | null> {
  const rows = await exec<CarryRun>(
    `SELECT r.id, r.period_key, r.currency_code, r.status
       FROM mlm_period_run r JOIN mlm_plan_version v ON v.id = r.plan_version_id
      WHERE v.plan_id = $1 AND r.status IN ('computed', 'closed')
      ORDER BY r.period_key DESC, r.created_at DESC
      LIMIT 1`,
    [planId]
  )
  return rows[0] ?? null
}

export type Carry = { left_minor: number; right_minor: number }

/** Carry per node of one run; a node without a row carries 0/0 (those rows are not stored). */
export async function selectCarry(exec: SqlExec, runId: string, nodeIds: number[]): Promise<Map<number, Carry>> {
  const rows = await exec<{ node_id: number; left_minor: string; right_minor: string }>(
    `SELECT node_id, carry_left_minor::text AS left_minor, carry_right_minor::text AS right_minor
       FROM mlm_period_member_current WHERE run_id = $1 AND node_id = ANY ($2::int[])`,
    [runId, nodeIds]
  )
  const carry = new Map<number, Carry>(nodeIds.map((node) => [node, { left_minor: 0, right_minor: 0 }]))
  for (const row of rows) carry.set(Number(row.node_id), { left_minor: safeInteger(row.left_minor), right_minor: safeInteger(row.right_minor) })
  return carry
}

function safeInteger(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`Carry ${text} is not a safe integer`)
  return value
}
