import type { DistributorStatus, DownlineOrder } from "../types"
import { distributorColumns, type DistributorRow, type TreeNode, toTreeNode } from "./distributor-rows"
import type { SqlExec } from "./sql-exec"
import { subtreePredicate, subtreeRange } from "./subtree-range"

/**
 * Read-only sponsor-tree statements. Each is one indexed query: the upline is a lookup of the
 * node_ids in the node's path (unique index), a downline is a range of the path_key btree.
 */

const TREE_NODE_COLUMNS = "id, node_id, path, depth, sponsor_id, is_house, status"

export async function findTreeNode(exec: SqlExec, distributorId: string, forUpdate = false): Promise<TreeNode | null> {
  const rows = await exec(
    `SELECT ${TREE_NODE_COLUMNS} FROM mlm_distributor WHERE id = $1 AND deleted_at IS NULL${forUpdate ? " FOR UPDATE" : ""}`,
    [distributorId]
  )
  return rows[0] ? toTreeNode(rows[0]) : null
}

/** Ancestors of a node, root first, at most `maxDepth` levels up (null: all). Empty for the house. */
export async function selectUpline(exec: SqlExec, distributorId: string, maxDepth: number | null): Promise<DistributorRow[]> {
  return exec<DistributorRow>(
    `WITH self AS (SELECT path FROM mlm_distributor WHERE id = $1 AND deleted_at IS NULL)
     SELECT ${distributorColumns("a")}
       FROM self, mlm_distributor a
      WHERE a.node_id = ANY (self.path[greatest(1, cardinality(self.path) - coalesce($2::int, cardinality(self.path))) : cardinality(self.path) - 1])
      ORDER BY a.depth`,
    [distributorId, maxDepth]
  )
}

export type DownlinePage = { node: TreeNode; maxDepth: number; limit: number; offset: number; order: DownlineOrder; status?: DistributorStatus }

/**
 * One page of a node's downline (levels 1..maxDepth). Level order walks the levels in turn,
 * each an ordered range of the (depth, path_key) index, so a page costs its offset plus its
 * size rather than the subtree; the other orders sort the (bounded-depth) subtree.
 */
export async function selectDownlinePage(exec: SqlExec, page: DownlinePage): Promise<Array<DistributorRow & { level: number }>> {
  const { node } = page
  const subtree = subtreePredicate("c", subtreeRange(node.path), 6)
  const statusFilter = page.status ? `AND c.status = $5` : `AND $5::text IS NULL`
  const params = [node.depth, page.maxDepth, page.limit, page.offset, page.status ?? null, ...subtree.params]
  if (page.order === "level") {
    return exec(
      `SELECT x.* FROM generate_series($1::int + 1, $1::int + $2::int) AS lvl(depth)
       CROSS JOIN LATERAL (
         SELECT ${distributorColumns("c")}, c.depth - $1::int AS level
           FROM mlm_distributor c
          WHERE c.depth = lvl.depth AND ${subtree.sql} AND c.deleted_at IS NULL ${statusFilter}
          ORDER BY c.path_key, c.node_id
       ) x
       LIMIT $3 OFFSET $4`,
      params
    )
  }
  const orderBy = page.order === "enrolled_at" ? "c.enrolled_at, c.node_id" : "upper(c.referral_code)"
  return exec(
    `SELECT ${distributorColumns("c")}, c.depth - $1::int AS level
       FROM mlm_distributor c
      WHERE ${subtree.sql} AND c.depth BETWEEN $1::int + 1 AND $1::int + $2::int AND c.deleted_at IS NULL ${statusFilter}
      ORDER BY ${orderBy}
      LIMIT $3 OFFSET $4`,
    params
  )
}

export type LevelTotals = { level: number; count: number; volumeMinor: number }

/**
 * Count and current-period personal volume per level below a node: one index-only range scan
 * of path_key (depth, status and the volume cache are INCLUDEd in that index).
 */
export async function selectLevelTotals(
  exec: SqlExec,
  node: TreeNode,
  maxDepth: number,
  options: { status?: DistributorStatus; periodKey?: string | null } = {}
): Promise<LevelTotals[]> {
  const subtree = subtreePredicate("c", subtreeRange(node.path), 5)
  const rows = await exec<{ level: number; count: string; volume_minor: string }>(
    `SELECT c.depth - $1::int AS level, count(*) AS count,
            coalesce(sum(c.pv_minor) FILTER (WHERE c.pv_period_key = $4::text), 0) AS volume_minor
       FROM mlm_distributor c
      WHERE ${subtree.sql} AND c.depth BETWEEN $1::int + 1 AND $1::int + $2::int
        AND c.deleted_at IS NULL AND ($3::text IS NULL OR c.status = $3::text)
      GROUP BY c.depth
      ORDER BY c.depth`,
    [node.depth, maxDepth, options.status ?? null, options.periodKey ?? null, ...subtree.params]
  )
  return rows.map((row) => ({ level: Number(row.level), count: Number(row.count), volumeMinor: Number(row.volume_minor) }))
}

/** Whether `descendant` is strictly below `ancestor`: its path holds the ancestor's node_id. */
export function isAncestorPath(ancestor: TreeNode, descendant: TreeNode): boolean {
  return descendant.depth > ancestor.depth && descendant.path[ancestor.depth] === ancestor.node_id
}
