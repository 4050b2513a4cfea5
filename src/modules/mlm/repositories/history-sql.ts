import type { DistributorStatus, SponsorMoveDTO, StatusChangeDTO } from "../types"
import type { SqlExec } from "./sql-exec"

/** Append-only history: rows are inserted, never updated or deleted by this module. */

export async function insertSponsorMove(
  exec: SqlExec,
  move: { id: string; distributorId: string; fromSponsorId: string; toSponsorId: string; subtreeSize: number; actorId: string; reason: string }
): Promise<void> {
  await exec(
    `INSERT INTO mlm_sponsor_move (id, distributor_id, from_sponsor_id, to_sponsor_id, subtree_size, actor_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [move.id, move.distributorId, move.fromSponsorId, move.toSponsorId, move.subtreeSize, move.actorId, move.reason]
  )
}

export async function insertStatusChange(
  exec: SqlExec,
  change: { id: string; distributorId: string; from: DistributorStatus; to: DistributorStatus; actorId: string; reason: string }
): Promise<void> {
  await exec(
    `INSERT INTO mlm_status_change (id, distributor_id, from_status, to_status, actor_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.id, change.distributorId, change.from, change.to, change.actorId, change.reason]
  )
}

export async function selectSponsorMoves(exec: SqlExec, distributorId: string): Promise<SponsorMoveDTO[]> {
  const rows = await exec<SponsorMoveDTO>(
    `SELECT id, distributor_id, from_sponsor_id, to_sponsor_id, subtree_size, actor_id, reason, created_at
       FROM mlm_sponsor_move WHERE distributor_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [distributorId]
  )
  return rows.map((row) => ({ ...row, subtree_size: Number(row.subtree_size), created_at: new Date(row.created_at) }))
}

export async function selectStatusChanges(exec: SqlExec, distributorId: string): Promise<StatusChangeDTO[]> {
  const rows = await exec<StatusChangeDTO>(
    `SELECT id, distributor_id, from_status, to_status, actor_id, reason, created_at
       FROM mlm_status_change WHERE distributor_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [distributorId]
  )
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at) }))
}

export async function updateStatus(exec: SqlExec, distributorId: string, status: DistributorStatus): Promise<void> {
  await exec(`UPDATE mlm_distributor SET status = $2, updated_at = now() WHERE id = $1`, [distributorId, status])
}
