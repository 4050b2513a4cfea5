import { distributorColumns, type DistributorRow, type TreeNode } from "../../../../../../modules/mlm/repositories/distributor-rows"
import type { SqlExec } from "../../../../../../modules/mlm/repositories/sql-exec"
import { subtreePredicate, subtreeRange } from "../../../../../../modules/mlm/repositories/subtree-range"

export type ChildRow = DistributorRow & { child_count: number }

/**
 * One page of a node's direct children, each with how many children it has in turn (so the tree
 * knows which nodes can expand), and the parent's total: one statement. The page is an ordered
 * range of the (depth, path_key) index one level below the node, so it costs its offset plus its
 * size however wide the level is; children come in path order (node_id, i.e. enrollment order),
 * the order of the level-ordered downline. Each child's count is a probe of the sponsor_id index.
 */
export async function selectChildrenPage(
  exec: SqlExec,
  node: TreeNode,
  page: { limit: number; offset: number }
): Promise<{ rows: ChildRow[]; count: number }> {
  const subtree = subtreePredicate("c", subtreeRange(node.path), 5)
  const rows = await exec<ChildRow & { total: number; id: string | null }>(
    `WITH page AS (
       SELECT ${distributorColumns("c")}, c.path_key, c.node_id
         FROM mlm_distributor c
        WHERE c.depth = $1::int + 1 AND ${subtree.sql} AND c.deleted_at IS NULL
        ORDER BY c.path_key, c.node_id
        LIMIT $3 OFFSET $4
     )
     SELECT t.total, p.id, p.customer_id, p.referral_code, p.status, p.sponsor_id, p.depth, p.is_house,
            p.enrolled_at, p.created_at, p.updated_at,
            (SELECT count(*)::int FROM mlm_distributor g WHERE g.sponsor_id = p.id AND g.deleted_at IS NULL) AS child_count
       FROM (SELECT count(*)::int AS total FROM mlm_distributor s WHERE s.sponsor_id = $2 AND s.deleted_at IS NULL) t
       LEFT JOIN page p ON true
      ORDER BY p.path_key, p.node_id`,
    [node.depth, node.id, page.limit, page.offset, ...subtree.params]
  )
  return {
    count: Number(rows[0]?.total ?? 0),
    rows: rows.filter((row) => row.id !== null).map((row) => ({ ...row, child_count: Number(row.child_count) })),
  }
}
