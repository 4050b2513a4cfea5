import type { DistributorDTO, DistributorStatus } from "../types"

/** The columns of a DistributorDTO, qualified by `alias`; every read of a distributor uses it. */
export function distributorColumns(alias: string): string {
  return ["id", "customer_id", "referral_code", "status", "sponsor_id", "depth", "is_house", "enrolled_at", "created_at", "updated_at"]
    .map((column) => `${alias}.${column}`)
    .join(", ")
}

export type DistributorRow = {
  id: string
  customer_id: string | null
  referral_code: string
  status: DistributorStatus
  sponsor_id: string | null
  depth: number | string
  is_house: boolean
  enrolled_at: Date | string
  created_at: Date | string
  updated_at: Date | string
}

export function toDistributorDTO(row: DistributorRow): DistributorDTO {
  return {
    id: row.id,
    customer_id: row.customer_id,
    referral_code: row.referral_code,
    status: row.status,
    sponsor_id: row.sponsor_id,
    depth: Number(row.depth),
    is_house: row.is_house,
    enrolled_at: new Date(row.enrolled_at),
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
  }
}

/** The tree facts of one node, as the tree statements need them. */
export type TreeNode = {
  id: string
  node_id: number
  path: number[]
  depth: number
  sponsor_id: string | null
  is_house: boolean
  status: DistributorStatus
}

export function toTreeNode(row: Record<string, unknown>): TreeNode {
  return {
    id: String(row.id),
    node_id: Number(row.node_id),
    path: (row.path as Array<number | string>).map(Number),
    depth: Number(row.depth),
    sponsor_id: (row.sponsor_id as string | null) ?? null,
    is_house: Boolean(row.is_house),
    status: row.status as DistributorStatus,
  }
}
