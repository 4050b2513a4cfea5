import { distributorColumns, type DistributorRow } from "./distributor-rows"
import type { SqlExec } from "./sql-exec"

/**
 * Inserting distributors. The caller holds the tree lock (shared) so the sponsor paths read
 * here cannot be rewritten before commit. `ON CONFLICT DO NOTHING` (no arbiter) turns every
 * unique clash into "no row": the caller then tells a customer clash (the customer is already
 * a distributor: return that row) from a referral-code clash (draw another code) by looking.
 */

const NEXT_NODE_ID = `nextval(pg_get_serial_sequence('mlm_distributor', 'node_id'))::int`

export async function insertHouse(exec: SqlExec, row: { id: string; referralCode: string }): Promise<DistributorRow | null> {
  const rows = await exec<DistributorRow>(
    `WITH n AS (SELECT ${NEXT_NODE_ID} AS node_id)
     INSERT INTO mlm_distributor AS d (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path)
     SELECT $1, n.node_id, NULL, $2, 'active', NULL, true, now(), ARRAY[n.node_id] FROM n
     ON CONFLICT DO NOTHING
     RETURNING ${distributorColumns("d")}`,
    [row.id, row.referralCode]
  )
  return rows[0] ?? null
}

export async function selectHouse(exec: SqlExec): Promise<DistributorRow | null> {
  const rows = await exec<DistributorRow>(
    `SELECT ${distributorColumns("d")} FROM mlm_distributor d WHERE d.is_house AND d.deleted_at IS NULL`
  )
  return rows[0] ?? null
}

export type NewDistributor = { id: string; customerId: string | null; referralCode: string; status: string; sponsorId: string }

/** Inserts under an existing sponsor; null when a unique index (customer or code) clashed. */
export async function insertDistributor(exec: SqlExec, row: NewDistributor): Promise<DistributorRow | null> {
  const rows = await exec<DistributorRow>(
    `WITH s AS (SELECT id, path FROM mlm_distributor WHERE id = $5 AND deleted_at IS NULL),
          n AS (SELECT ${NEXT_NODE_ID} AS node_id)
     INSERT INTO mlm_distributor AS d (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path)
     SELECT $1, n.node_id, $2, $3, $4, s.id, false, now(), s.path || n.node_id FROM s, n
     ON CONFLICT DO NOTHING
     RETURNING ${distributorColumns("d")}`,
    [row.id, row.customerId, row.referralCode, row.status, row.sponsorId]
  )
  return rows[0] ?? null
}

/**
 * Set-based insert of many distributors whose sponsors exist or come earlier in the batch:
 * node_ids are drawn once, then paths are built level by level from the existing sponsors
 * down through the batch (a recursive CTE iterates once per new generation, not per row).
 * Rows whose sponsor is unknown, or that clash on a unique index, are not inserted: the
 * caller compares counts.
 */
export async function insertDistributorBatch(exec: SqlExec, rows: NewDistributor[]): Promise<DistributorRow[]> {
  return exec<DistributorRow>(
    `WITH RECURSIVE batch AS MATERIALIZED (
        SELECT b.*, ${NEXT_NODE_ID} AS node_id
          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
               AS b(id, customer_id, referral_code, status, sponsor_id, ord)
     ),
     placed AS (
        SELECT b.id, b.node_id, b.customer_id, b.referral_code, b.status, b.sponsor_id, b.ord, s.path || b.node_id AS path
          FROM batch b JOIN mlm_distributor s ON s.id = b.sponsor_id AND s.deleted_at IS NULL
        UNION ALL
        SELECT b.id, b.node_id, b.customer_id, b.referral_code, b.status, b.sponsor_id, b.ord, p.path || b.node_id
          FROM batch b JOIN placed p ON b.sponsor_id = p.id
     )
     INSERT INTO mlm_distributor AS d (id, node_id, customer_id, referral_code, status, sponsor_id, is_house, enrolled_at, path)
     SELECT id, node_id, customer_id, referral_code, status, sponsor_id, false, now(), path FROM placed ORDER BY ord
     ON CONFLICT DO NOTHING
     RETURNING ${distributorColumns("d")}`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.customerId),
      rows.map((r) => r.referralCode),
      rows.map((r) => r.status),
      rows.map((r) => r.sponsorId),
    ]
  )
}

/** Which of these codes are taken already (compared case-insensitively, as the index does). */
export async function selectTakenReferralCodes(exec: SqlExec, codes: string[]): Promise<Set<string>> {
  const rows = await exec<{ code: string }>(
    `SELECT upper(referral_code) AS code FROM mlm_distributor WHERE upper(referral_code) = ANY ($1::text[])`,
    [codes.map((code) => code.toUpperCase())]
  )
  return new Set(rows.map((row) => row.code))
}
