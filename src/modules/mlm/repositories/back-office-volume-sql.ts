/**
 * Volumes for the distributor back office (docs/api.md, "Distributor back office"): the caller's
 * own node, its personal and group volume per period, and its frontline legs for the rank card.
 *
 * Volume is what period runs read (docs/periods.md): PV is the sum of `net_cv_minor` of the
 * period's open commission records the member owns (a customer's orders count for its
 * referrer), GV is the member's PV plus the PV of its whole sponsor downline. Every statement is
 * rooted at the caller's path range (subtree-range.ts), so no other branch can be summed.
 */
import type { SqlExec } from "./sql-exec"
import { subtreePredicate, subtreeRange } from "./subtree-range"

export type BackOfficeNode = {
  id: string
  node_id: number
  path: number[]
  depth: number
  rank: string | null
}

/** The caller's distributor, found by the token's customer id and nothing else. */
export async function selectCallerNode(exec: SqlExec, customerId: string): Promise<BackOfficeNode | null> {
  const [row] = await exec<{ id: string; node_id: number; path: Array<number | string>; depth: number; rank: string | null }>(
    `SELECT id, node_id, path, depth, rank FROM mlm_distributor WHERE customer_id = $1 AND deleted_at IS NULL`,
    [customerId]
  )
  if (!row) return null
  return { id: row.id, node_id: Number(row.node_id), path: row.path.map(Number), depth: Number(row.depth), rank: row.rank }
}

export type PlanVersionInForce = { id: string; currency_code: string; period: "weekly" | "monthly"; definition: unknown }

/** For each currency, the plan version in force at `at` (the latest effective_from <= at). */
export function selectPlanVersionsInForce(exec: SqlExec, at: Date): Promise<PlanVersionInForce[]> {
  return exec<PlanVersionInForce>(
    `SELECT DISTINCT ON (currency_code) id, currency_code, period, definition
       FROM mlm_plan_version WHERE effective_from <= $1::timestamptz
      ORDER BY currency_code, effective_from DESC`,
    [at.toISOString()]
  )
}

export type PeriodVolumeRow = { period_key: string; pv_minor: string; gv_minor: string }

/** PV and GV of the caller for each of `periodKeys` that has any volume in its subtree. */
export function selectPeriodVolumes(
  exec: SqlExec,
  node: BackOfficeNode,
  currencyCode: string,
  periodKeys: readonly string[]
): Promise<PeriodVolumeRow[]> {
  const subtree = subtreePredicate("c", subtreeRange(node.path), 4)
  return exec<PeriodVolumeRow>(
    `SELECT r.period_key,
            coalesce(sum(r.net_cv_minor) FILTER (WHERE c.node_id = $1::int), 0) AS pv_minor,
            sum(r.net_cv_minor) AS gv_minor
       FROM mlm_distributor c
       JOIN mlm_commission_record r ON r.owner_node = c.node_id
      WHERE ${subtree.sql} AND c.deleted_at IS NULL
        AND r.period_key = ANY ($2::text[]) AND r.currency_code = $3 AND r.status = 'open'
      GROUP BY r.period_key`,
    [node.node_id, [...periodKeys], currencyCode, ...subtree.params]
  )
}

export type RankVolumeRow = {
  pv_minor: string
  gv_minor: string
  legs_with_volume: string
  largest_leg_id: string | null
  largest_leg_referral_code: string | null
  largest_leg_gv_minor: string | null
  /** Per leg cap (in the order given): the sum over legs of min(leg GV, cap), and how many legs exceed it. */
  capped_whole_minor: string[]
  capped_legs: string[]
}

/**
 * The caller's PV and GV in one period, its largest frontline leg, and for each whole-unit leg
 * cap the capped leg total that a rank's `max_leg_share_bp` counts (src/engine/ranks.ts).
 * A leg is the subtree of one direct sponsee: the element after the caller in a member's path.
 */
export async function selectRankVolumes(
  exec: SqlExec,
  node: BackOfficeNode,
  currencyCode: string,
  periodKey: string,
  legCapsWholeMinor: readonly number[]
): Promise<RankVolumeRow> {
  const subtree = subtreePredicate("c", subtreeRange(node.path), 6)
  const [row] = await exec<RankVolumeRow>(
    `WITH vol AS MATERIALIZED (
       SELECT c.node_id, c.depth, c.path[$2::int + 2] AS leg, r.net_cv_minor AS cv
         FROM mlm_distributor c
         JOIN mlm_commission_record r ON r.owner_node = c.node_id
        WHERE ${subtree.sql} AND c.deleted_at IS NULL
          AND r.period_key = $3 AND r.currency_code = $4 AND r.status = 'open'
     ), legs AS (
       SELECT leg, sum(cv) AS gv FROM vol WHERE depth > $2::int GROUP BY leg
     ), caps AS (
       -- least() skips NULLs: without the FILTER a caller without legs would count one whole cap.
       SELECT cap.i, coalesce(sum(least(legs.gv, cap.whole)) FILTER (WHERE legs.gv IS NOT NULL), 0) AS capped_whole,
              count(legs.leg) FILTER (WHERE legs.gv > cap.whole) AS capped_legs
         FROM unnest($5::bigint[]) WITH ORDINALITY AS cap(whole, i) LEFT JOIN legs ON true
        GROUP BY cap.i
     ), top AS (
       SELECT legs.leg, legs.gv, d.id, d.referral_code
         FROM legs JOIN mlm_distributor d ON d.node_id = legs.leg
        ORDER BY legs.gv DESC, legs.leg LIMIT 1
     )
     SELECT (SELECT coalesce(sum(cv), 0) FROM vol WHERE node_id = $1::int) AS pv_minor,
            (SELECT coalesce(sum(cv), 0) FROM vol) AS gv_minor,
            (SELECT count(*) FROM legs) AS legs_with_volume,
            (SELECT id FROM top) AS largest_leg_id,
            (SELECT referral_code FROM top) AS largest_leg_referral_code,
            (SELECT gv FROM top) AS largest_leg_gv_minor,
            (SELECT coalesce(array_agg(capped_whole::text ORDER BY i), '{}') FROM caps) AS capped_whole_minor,
            (SELECT coalesce(array_agg(capped_legs::text ORDER BY i), '{}') FROM caps) AS capped_legs`,
    [node.node_id, node.depth, periodKey, currencyCode, [...legCapsWholeMinor], ...subtree.params]
  )
  return row
}
