import type { SqlExec } from "./sql-exec"

/**
 * One advisory lock guards every write to sponsor paths. Moves take it exclusively, enrollments
 * shared: an enrollment never reads a sponsor path that a move is rewriting, and two moves never
 * interleave, so the cycle check and the path rewrite of a move see a tree no one else changes.
 * The path trigger (migration) refuses any path write made without holding it.
 * The key is "mlmt" in ASCII; pg_locks shows it as classid 0, objid 1835822452.
 */
export const SPONSOR_TREE_LOCK_KEY = 1835822452

export async function lockTreeForEnrollment(exec: SqlExec): Promise<void> {
  await exec(`SELECT pg_advisory_xact_lock_shared($1::bigint)`, [SPONSOR_TREE_LOCK_KEY])
}

export async function lockTreeForMove(exec: SqlExec): Promise<void> {
  await exec(`SELECT pg_advisory_xact_lock($1::bigint)`, [SPONSOR_TREE_LOCK_KEY])
}
