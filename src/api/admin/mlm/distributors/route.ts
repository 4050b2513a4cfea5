import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { withConflictMessage } from "../../../conflict-response"
import { customerIdsMatching, customersByIds } from "../../../customer-lookup"
import { adminDistributorView } from "../../../distributor-views"
import { mlmService } from "../../../mlm-service"
import type { AdminCreateDistributorType, AdminListDistributorsQueryType } from "./validators"

export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListDistributorsQueryType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const { q, status, sponsor_id, customer_id, limit, offset, order } = req.validatedQuery
  const direction = order.startsWith("-") ? "desc" : "asc"
  const orderField = order.replace(/^-/, "") as "enrolled_at" | "referral_code" | "created_at" | "depth"

  // q matches a referral code prefix in the module, or a customer's email/name here.
  const customerIds = q ? await customerIdsMatching(req.scope, q) : customer_id ? [customer_id] : undefined
  const { rows, count } = await mlm.searchDistributors({
    q,
    status,
    sponsor_id,
    customer_ids: customerIds,
    limit,
    offset,
    order: orderField,
    direction,
  })
  const customers = await customersByIds(
    req.scope,
    rows.map((row) => row.customer_id)
  )
  res.json({
    distributors: rows.map((row) =>
      adminDistributorView(row, row.customer_id ? customers.get(row.customer_id) : undefined)
    ),
    count,
    limit,
    offset,
  })
}

export const POST = withConflictMessage(async function createDistributor(
  req: AuthenticatedMedusaRequest<AdminCreateDistributorType>,
  res: MedusaResponse
) {
  const mlm = mlmService(req.scope)
  const body = req.validatedBody
  const customer = (await customersByIds(req.scope, [body.customer_id])).get(body.customer_id)
  if (!customer) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${body.customer_id} was not found`)
  }
  const { distributor, created } = await mlm.enroll({
    customer_id: body.customer_id,
    sponsor_id: body.sponsor_id ?? null,
    referral_code: body.sponsor_referral_code ?? null,
    status: body.status,
    source: "admin",
    actor_id: req.auth_context.actor_id,
  })
  if (!created) {
    throw new MedusaError(
      MedusaError.Types.CONFLICT,
      `Customer ${body.customer_id} is already a distributor (${distributor.id})`
    )
  }
  res.status(201).json({ distributor: adminDistributorView(distributor, customer) })
})
