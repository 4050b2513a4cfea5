import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { toDistributorDTO } from "../../../../../../../modules/mlm/repositories/distributor-rows"
import { findTreeNode } from "../../../../../../../modules/mlm/repositories/tree-queries"
import { customersByIds } from "../../../../../../customer-lookup"
import { adminDistributorView } from "../../../../../../distributor-views"
import { mlmService } from "../../../../../../mlm-service"
import { mlmAccessOf } from "../../../../../../security/permission-middleware"
import { roleGrants } from "../../../../../../security/permissions"
import { AdminPlacementChildrenQuery, ChildrenParams, validateOr400 } from "../validators"
import {
  type Carry,
  selectCarry,
  selectLatestCarryRun,
  selectPlacedChildren,
  selectPlacementTrees,
  selectSeat,
  type SeatRow,
} from "./placement-sql"

/**
 * The placement trees for the genealogy explorer. Without tree_type/tree_key: the trees that
 * exist (one per binary or matrix plan) with their roots. With them: this distributor's seat in
 * that tree and one page of the seats below it, each with its child count and, for a binary
 * tree, the carry in each leg from the latest computed or closed period run of the plan. Carry
 * is volume, which only roles with money.read see (as on the overview); the others get null.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { id } = await validateOr400(ChildrenParams, req.params)
  const query = await validateOr400(AdminPlacementChildrenQuery, req.query)
  const exec = (await mlmService(req.scope).commissions()).db.exec
  if (!(await findTreeNode(exec, id))) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Distributor with id ${id} was not found`)

  if (!query.tree_type || !query.tree_key) {
    res.json({ distributor_id: id, trees: await selectPlacementTrees(exec) })
    return
  }
  const tree = { type: query.tree_type, key: query.tree_key }
  const seat = await selectSeat(exec, tree, id)
  const { rows, count } = seat
    ? await selectPlacedChildren(exec, tree, seat.placement_id, { limit: query.limit, offset: query.offset })
    : { rows: [], count: 0 }

  const carryVisible = tree.type === "binary" && roleGrants(mlmAccessOf(req)!.role, "money.read")
  const carryRun = carryVisible ? await selectLatestCarryRun(exec, tree.key) : null
  const carry = carryRun && seat ? await selectCarry(exec, carryRun.id, [seat.node_id, ...rows.map((row) => row.node_id)]) : null
  const customers = await customersByIds(req.scope, rows.map((row) => row.customer_id))

  res.json({
    distributor_id: id,
    tree_type: tree.type,
    tree_key: tree.key,
    seat: seat ? seatView(seat, carry) : null,
    children: rows.map((row) => ({
      ...seatView(row, carry),
      distributor: adminDistributorView(toDistributorDTO(row), row.customer_id ? customers.get(row.customer_id) : undefined),
    })),
    count,
    limit: query.limit,
    offset: query.offset,
    carry_visible: carryVisible,
    carry_run: carryRun,
  })
}

function seatView(seat: SeatRow, carry: Map<number, Carry> | null) {
  return {
    placement_id: seat.placement_id,
    position: seat.position,
    depth: seat.seat_depth,
    child_count: seat.child_count,
    carry: carry?.get(seat.node_id) ?? null,
  }
}
