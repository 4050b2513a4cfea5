/**
 * The statements of a period run's load phase (load.ts puts their answers together). Each reads
 * one table once, set-based, and returns all its rows packed in one value (packed-columns.ts),
 * keyed by node_id; none depends on another's answer, so load.ts sends them all at once.
 */
import type { SqlExec } from "../repositories/sql-exec"
import { readRecords } from "./packed-columns"

type Packed = Buffer | null

export interface MemberColumns {
  count: number
  nodeId: Int32Array
  /** Sponsor's node_id, 0 for the root. */
  sponsorNode: Int32Array
  /** Bit 0: may not earn; bit 1: enrolled before the period's end; bits 2..: rank position in plan.ranks (1-based, 0 none). */
  facts: Int32Array
}

/**
 * Every distributor. The sponsor is the path's element before the node itself. The house and
 * every distributor not `active` may not earn, as in the commission worker (the house is the
 * company; pending and suspended distributors earn nothing there either). Three facts share one
 * int (`facts`), so a record is three ints.
 */
export async function queryMembers(exec: SqlExec, rankNames: string[], periodEnd: Date): Promise<MemberColumns> {
  const [m] = await exec<{ n: number; members: Packed }>(
    `SELECT count(*)::int AS n,
            string_agg(int4send(node_id)
                       || int4send(coalesce(path[cardinality(path) - 1], 0))
                       || int4send(CASE WHEN is_house OR status <> 'active' THEN 1 ELSE 0 END
                                   + CASE WHEN enrolled_at < $2 THEN 2 ELSE 0 END
                                   + 4 * coalesce(array_position($1::text[], rank), 0)), ''::bytea) AS members
       FROM mlm_distributor WHERE deleted_at IS NULL`,
    [rankNames, periodEnd]
  )
  const [nodeId, sponsorNode, facts] = readRecords(m.members, m.n, ["int32", "int32", "int32"], "members")
  return { count: m.n, nodeId, sponsorNode, facts }
}

/**
 * Every open order of the period and currency: its owner (a customer's orders count for its
 * referrer) and net CV, summed per member by the caller, and the period's total CV (orders
 * without an owner included: the pool is a share of all the period's sales). Per record and
 * summed in JavaScript: cheaper than a GROUP BY of a million orders in PostgreSQL.
 */
export async function queryVolume(exec: SqlExec, periodKey: string, currencyCode: string) {
  const [v] = await exec<{ n: number; owners: number; orders: Packed; total: string | null }>(
    `SELECT count(*)::int AS n, count(owner_node)::int AS owners,
            string_agg(int4send(owner_node) || float8send(net_cv_minor::float8), ''::bytea) FILTER (WHERE owner_node IS NOT NULL) AS orders,
            sum(net_cv_minor) AS total
       FROM mlm_commission_record
      WHERE period_key = $1 AND currency_code = $2 AND status = 'open'`,
    [periodKey, currencyCode]
  )
  const [ownerNodes, cvMinor] = readRecords(v.orders, v.owners, ["int32", "float64"], "orders")
  return { orders: v.n, ownerNodes, cvMinor, periodCvMinor: Number(v.total ?? 0) }
}

/**
 * The plan's binary tree. A placement path holds node_ids like the sponsor path, so the member is
 * `path[cardinality(path)]` and its parent the element before: no join to distributors. Parent
 * and side share an int (parent × 2 + side; the root has parent 0).
 */
export async function queryPlacements(exec: SqlExec, treeKey: string) {
  const [p] = await exec<{ n: number; seats: Packed }>(
    `SELECT count(*)::int AS n,
            string_agg(int4send(path[cardinality(path)])
                       || int4send(coalesce(path[cardinality(path) - 1], 0) * 2 + coalesce(position, 0)), ''::bytea) AS seats
       FROM mlm_placement WHERE tree_type = 'binary' AND tree_key = $1`,
    [treeKey]
  )
  const [nodes, parentSide] = readRecords(p.seats, p.n, ["int32", "int32"], "placements")
  return { nodes, parentSide }
}

/** The carry out of a closed run (rows of 0/0 are not stored). */
export async function queryCarry(exec: SqlExec, runId: string) {
  const [c] = await exec<{ n: number; carry: Packed }>(
    `SELECT count(*)::int AS n,
            string_agg(int4send(node_id) || float8send(carry_left_minor::float8) || float8send(carry_right_minor::float8), ''::bytea) AS carry
       FROM mlm_period_member_current
      WHERE run_id = $1 AND (carry_left_minor <> 0 OR carry_right_minor <> 0)`,
    [runId]
  )
  const [nodes, left, right] = readRecords(c.carry, c.n, ["int32", "float64", "float64"], "carry")
  return { nodes, left, right }
}

/**
 * What a per-order component paid each member for the period's orders (refund lines included,
 * canceled lines not), for a matching on it. Driven from the ledger side: the ledger has no
 * order_id index, the records' primary key is.
 */
export async function queryOrderComponentPay(exec: SqlExec, periodKey: string, currencyCode: string, bonuses: string[]) {
  const [p] = await exec<{ n: number; paid: Packed }>(
    `SELECT count(*)::int AS n, string_agg(int4send(node) || float8send(paid::float8), ''::bytea) AS paid
       FROM (SELECT l.beneficiary_node AS node, sum(l.amount_minor) AS paid
               FROM mlm_ledger_line l
              WHERE l.currency_code = $2 AND l.bonus = ANY($3::text[]) AND l.status <> 'canceled' AND l.source_kind <> 'period'
                AND EXISTS (SELECT 1 FROM mlm_commission_record r WHERE r.order_id = l.order_id AND r.period_key = $1)
              GROUP BY l.beneficiary_node) paid`,
    [periodKey, currencyCode, bonuses]
  )
  const [nodes, paid] = readRecords(p.paid, p.n, ["int32", "float64"], "paid")
  return { nodes, paid }
}

/** Pool shares name distributors by id; the few holders are looked up by primary key. */
export async function queryShareHolders(exec: SqlExec, ids: string[]) {
  if (ids.length === 0) return []
  return exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor WHERE id = ANY($1::text[])`, [ids])
}
