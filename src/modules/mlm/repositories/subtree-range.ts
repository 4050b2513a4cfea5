/**
 * The subtree of a node with path P is every row whose path starts with P. Paths are compared
 * as int[] (lexicographic, a prefix sorts first), so "starts with P" is the btree range
 * `P <= path < P_next`, P_next being P with its last element plus one (GitLab's traversal_ids).
 *
 * A btree entry holds at most ~2.7 kB, so the indexed key is `path_key = path[1:256]` (a stored
 * generated column) rather than the full path, which a 10,000-deep chain would overflow. For a
 * node deeper than PATH_KEY_LENGTH the range on path_key is a superset (everything under its
 * depth-256 ancestor) and `path[1:n] = P` filters it exactly.
 */
export const PATH_KEY_LENGTH = 256

export type SubtreeRange = {
  lowKey: number[]
  highKey: number[]
  /** Set only when the node is deeper than the indexed prefix: the exact prefix to re-check. */
  exactPrefix: number[] | null
}

export function subtreeRange(path: readonly number[]): SubtreeRange {
  const lowKey = path.slice(0, PATH_KEY_LENGTH)
  const highKey = [...lowKey]
  highKey[highKey.length - 1] += 1
  return { lowKey, highKey, exactPrefix: path.length > PATH_KEY_LENGTH ? [...path] : null }
}

/**
 * The WHERE clause for "in the subtree of" on table alias `alias`, with its parameters numbered
 * from `firstParam`. Includes the node itself; callers bound depth to exclude it.
 */
export function subtreePredicate(
  alias: string,
  range: SubtreeRange,
  firstParam: number
): { sql: string; params: unknown[] } {
  const low = `$${firstParam}::int[]`
  const high = `$${firstParam + 1}::int[]`
  if (!range.exactPrefix) {
    return { sql: `${alias}.path_key >= ${low} AND ${alias}.path_key < ${high}`, params: [range.lowKey, range.highKey] }
  }
  const prefix = `$${firstParam + 2}::int[]`
  return {
    sql: `${alias}.path_key >= ${low} AND ${alias}.path_key < ${high} AND ${alias}.path[1:cardinality(${prefix})] = ${prefix}`,
    params: [range.lowKey, range.highKey, range.exactPrefix],
  }
}
