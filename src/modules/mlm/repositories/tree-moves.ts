import type { TreeNode } from "./distributor-rows"
import type { SqlExec } from "./sql-exec"
import { subtreePredicate, subtreeRange } from "./subtree-range"

/**
 * Rewrites the paths of a node's whole subtree in ONE statement: every descendant's path is
 * `newSponsor.path || path[node.depth + 1:]` (from the node down), and the node itself gets the
 * new sponsor. The caller holds the tree lock exclusively and has checked that the new sponsor
 * is not in the subtree; the path trigger re-checks the invariant after the statement.
 * Returns the number of rows moved (the subtree size, node included).
 */
export async function rewriteSubtreePaths(exec: SqlExec, node: TreeNode, newSponsor: TreeNode): Promise<number> {
  const subtree = subtreePredicate("d", subtreeRange(node.path), 5)
  const rows = await exec<{ moved: string }>(
    `WITH moved AS (
        UPDATE mlm_distributor AS d
           SET path = $1::int[] || d.path[$2::int + 1:],
               sponsor_id = CASE WHEN d.id = $3 THEN $4 ELSE d.sponsor_id END,
               updated_at = CASE WHEN d.id = $3 THEN now() ELSE d.updated_at END
         WHERE ${subtree.sql}
        RETURNING 1
     )
     SELECT count(*) AS moved FROM moved`,
    [newSponsor.path, node.depth, node.id, newSponsor.id, ...subtree.params]
  )
  return Number(rows[0]?.moved ?? 0)
}
