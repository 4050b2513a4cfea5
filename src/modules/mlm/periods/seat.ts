/**
 * Seats in a binary plan's placement tree for the distributors it does not hold yet (docs/periods.md,
 * "Binary seats"): by the plan's placement policy, in enrollment order (node order, a sponsor
 * before its members), as the engine's simulator seats a member when it joins
 * (src/engine/binary.ts). Seats never move once written. A period run seats before it loads, so
 * every member of a binary plan is in a leg.
 *
 * The tree is built in memory from the seats there are (the engine's PlacementTree: amortised
 * breadth-first cursors and cached spine ends), the new seats are planned there and written in
 * one statement, all under an advisory lock per tree: two runs never seat one member twice.
 */
import { randomBytes } from "node:crypto"
import { placeByPolicy, type BinaryPolicy } from "../../../engine/binary-placement"
import { LEFT, RIGHT } from "../../../engine/binary-legs"
import { NONE } from "../../../engine/replay/network"
import { PlacementTree } from "../../../engine/replay/placement-tree"
import type { SqlDb } from "../commissions/sql-db"

/** A seat already in the tree: `parent` is the parent seat's node, null for the root. */
export type ExistingSeat = { node: number; parent: number | null; side: number | null }

/** A live distributor without a seat, with its sponsor path (node_ids from the root, itself last). */
export type UnseatedMember = { node: number; path: number[] }

export type PlannedSeat = { node: number; parent: number | null; side: number | null }

/** Policies the store seats by: leg counts are kept here, leg volumes are not (activation refuses that one). */
export type StorePolicy = Exclude<BinaryPolicy, "weaker_leg_volume_bfs">

export class SeatingError extends Error {}

/**
 * Plans the seats of `unseated` (pure: no database). `existing` in any order; members in node
 * order. A member's sponsor is the nearest ancestor on its path that is seated or being seated;
 * one without any becomes the root when the tree has none.
 */
export function planSeats(existing: readonly ExistingSeat[], unseated: readonly UnseatedMember[], policy: StorePolicy): PlannedSeat[] {
  const index = new Map<number, number>()
  const nodes: number[] = []
  const indexOf = (node: number) => {
    let i = index.get(node)
    if (i === undefined) {
      i = nodes.length
      index.set(node, i)
      nodes.push(node)
    }
    return i
  }
  const tree = new PlacementTree(2)
  // Members in each leg, for the weaker-leg policies only (a walk to the root per seat, as the
  // engine's): legCount[m * 2 + side].
  const legCount: number[] = []
  const counting = policy === "weaker_leg_count_bfs" || policy === "weaker_leg_count_extreme"
  const countUp = (member: number) => {
    if (!counting) return
    for (let child = member, up = tree.parent[child]; up !== NONE; child = up, up = tree.parent[up]) {
      const slot = up * 2 + tree.slot[child]
      legCount[slot] = (legCount[slot] ?? 0) + 1
    }
  }
  const legMeasure = (member: number, side: number) => legCount[member * 2 + side] ?? 0

  // Existing seats, parents first (a parent's depth is below its children's).
  const byNode = new Map(existing.map((seat) => [seat.node, seat]))
  for (const seat of existing) {
    if (seat.parent !== null && !byNode.has(seat.parent)) throw new SeatingError(`the seat of node ${seat.node}: its parent seat (node ${seat.parent}) is missing`)
  }
  const depthOf = new Map<number, number>()
  const depth = (node: number): number => {
    let known = depthOf.get(node)
    if (known !== undefined) return known
    const chain: number[] = []
    let current: number | null = node
    while (current !== null && depthOf.get(current) === undefined) {
      chain.push(current)
      if (chain.length > byNode.size) throw new SeatingError(`the seats above node ${node} form a cycle`)
      current = byNode.get(current)!.parent
    }
    let base = current === null ? -1 : depthOf.get(current)!
    for (let k = chain.length - 1; k >= 0; k--) depthOf.set(chain[k], ++base)
    known = depthOf.get(node)!
    return known
  }
  let root: number | null = null
  for (const seat of [...existing].sort((a, b) => depth(a.node) - depth(b.node) || a.node - b.node)) {
    const member = indexOf(seat.node)
    if (seat.parent === null) {
      if (root !== null) throw new SeatingError(`two roots in the tree: nodes ${root} and ${seat.node}`)
      root = seat.node
      tree.placeRoot(member)
    } else {
      tree.place(member, indexOf(seat.parent), seat.side === RIGHT ? RIGHT : LEFT)
      countUp(member)
    }
  }

  const pending = new Map(unseated.map((member) => [member.node, member]))
  const planned: PlannedSeat[] = []
  const seat = (first: UnseatedMember) => {
    // The member's unseated ancestors first, nearest last: an explicit stack, no recursion.
    const stack: UnseatedMember[] = [first]
    while (stack.length > 0) {
      const member = stack[stack.length - 1]
      let sponsor: number | null = null
      for (let k = member.path.length - 2; k >= 0; k--) {
        const up = member.path[k]
        if (pending.has(up)) {
          stack.push(pending.get(up)!)
          sponsor = -1
          break
        }
        if (index.has(up) && tree.isPlaced(index.get(up)!)) {
          sponsor = up
          break
        }
      }
      if (sponsor === -1) continue
      stack.pop()
      pending.delete(member.node)
      const at = indexOf(member.node)
      if (sponsor === null) {
        if (root !== null) throw new SeatingError(`node ${member.node} has no seated ancestor and the tree has a root (node ${root})`)
        root = member.node
        tree.placeRoot(at)
        planned.push({ node: member.node, parent: null, side: null })
        continue
      }
      const position = placeByPolicy(tree, policy, indexOf(sponsor), legMeasure)
      tree.place(at, position.parent, position.slot)
      countUp(at)
      planned.push({ node: member.node, parent: nodes[position.parent], side: position.slot })
    }
  }
  for (const member of unseated) if (pending.has(member.node)) seat(member)
  return planned
}

/**
 * Seats every live distributor the tree `treeKey` (the plan's id) does not hold yet; returns how
 * many. Reads the tree only when someone is missing: a fully seated tree costs one anti-join.
 */
export async function seatUnplacedMembers(db: SqlDb, treeKey: string, policy: StorePolicy): Promise<number> {
  return db.transaction(async (exec) => {
    await exec(`SELECT pg_advisory_xact_lock(hashtextextended('mlm_placement:binary:' || $1, 0))`, [treeKey])
    const unseated = await exec<UnseatedMember>(
      `SELECT d.node_id AS node, d.path FROM mlm_distributor d
        WHERE d.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM mlm_placement p WHERE p.tree_type = 'binary' AND p.tree_key = $1 AND p.distributor_id = d.id)
        ORDER BY d.node_id`,
      [treeKey]
    )
    if (unseated.length === 0) return 0
    const existing = await exec<ExistingSeat>(
      `SELECT p.path[cardinality(p.path)] AS node, p.path[cardinality(p.path) - 1] AS parent, p.position AS side
         FROM mlm_placement p WHERE p.tree_type = 'binary' AND p.tree_key = $1`,
      [treeKey]
    )
    const planned = planSeats(existing, unseated, policy)
    // Paths and ids of the parents already in the tree; the new ones are made here.
    const newNodes = new Set(planned.map((seat) => seat.node))
    const oldParents = [...new Set(planned.flatMap((seat) => (seat.parent !== null && !newNodes.has(seat.parent) ? [seat.parent] : [])))]
    const parents = await exec<{ node: number; id: string; path: number[] }>(
      `SELECT p.path[cardinality(p.path)] AS node, p.id, p.path FROM mlm_placement p
        WHERE p.tree_type = 'binary' AND p.tree_key = $1 AND p.path[cardinality(p.path)] = ANY($2::int[])`,
      [treeKey, oldParents]
    )
    const seatOf = new Map(parents.map((row) => [Number(row.node), { id: row.id, path: row.path.map(Number) }]))
    // Ids in seating order (time, then sequence): the new keys land at the right edge of the
    // indexes instead of all over them; the random tail keeps two writers' ids apart.
    const idPrefix = `mlmplc_${Date.now().toString(36).padStart(9, "0")}${randomBytes(4).toString("hex")}`
    const rows = planned.map((seat, k) => {
      const parent = seat.parent === null ? null : seatOf.get(seat.parent)
      if (seat.parent !== null && !parent) throw new SeatingError(`the parent seat of node ${seat.node} (node ${seat.parent}) was not found`)
      const made = { id: `${idPrefix}${k.toString(36).padStart(6, "0")}`, path: [...(parent?.path ?? []), seat.node] }
      seatOf.set(seat.node, made)
      return { ...made, node: seat.node, parentId: parent?.id ?? null, side: seat.side }
    })
    await exec(
      `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path)
       SELECT u.id, 'binary', $1, d.id, u.parent_id, u.side, cardinality(u.path::int[]) - 1, u.path::int[]
         FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[]) AS u(id, node, parent_id, side, path)
         JOIN mlm_distributor d ON d.node_id = u.node`,
      [
        treeKey,
        rows.map((row) => row.id),
        rows.map((row) => row.node),
        rows.map((row) => row.parentId),
        rows.map((row) => row.side),
        rows.map((row) => `{${row.path.join(",")}}`),
      ]
    )
    return rows.length
  })
}
