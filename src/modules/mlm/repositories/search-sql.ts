import type { SearchDistributorsInput } from "../types"
import { distributorColumns, type DistributorRow } from "./distributor-rows"
import type { SqlExec } from "./sql-exec"

/**
 * The admin list. Sort columns come from this allowlist only (never from the caller's text);
 * `q` is a referral-code prefix, matched with LIKE after escaping its wildcards, which the
 * text_pattern_ops index on upper(referral_code) serves. `customer_ids` are the customers the
 * admin route matched with the same text (email/name): a row matches either way.
 */
const ORDER_COLUMNS: Record<SearchDistributorsInput["order"], string> = {
  enrolled_at: "d.enrolled_at",
  referral_code: "upper(d.referral_code)",
  created_at: "d.created_at",
  depth: "d.depth",
}

function likePrefix(q: string): string {
  return q.trim().toUpperCase().replace(/[\\%_]/g, (ch) => `\\${ch}`) + "%"
}

export async function searchDistributorRows(
  exec: SqlExec,
  input: SearchDistributorsInput
): Promise<{ rows: DistributorRow[]; count: number }> {
  const where = `d.deleted_at IS NULL
      AND (($1::text IS NULL AND $4::text[] IS NULL)
        OR upper(d.referral_code) LIKE $1::text
        OR d.customer_id = ANY ($4::text[]))
      AND ($2::text IS NULL OR d.status = $2::text)
      AND ($3::text IS NULL OR d.sponsor_id = $3::text)`
  const params = [
    input.q ? likePrefix(input.q) : null,
    input.status ?? null,
    input.sponsor_id ?? null,
    input.customer_ids ?? null,
  ]
  const direction = input.direction === "desc" ? "DESC" : "ASC"
  const orderColumn = ORDER_COLUMNS[input.order] ?? ORDER_COLUMNS.enrolled_at
  const rows = await exec<DistributorRow>(
    `SELECT ${distributorColumns("d")} FROM mlm_distributor d WHERE ${where}
      ORDER BY ${orderColumn} ${direction}, d.id ${direction} LIMIT $5 OFFSET $6`,
    [...params, input.limit, input.offset]
  )
  const counted = await exec<{ count: string }>(`SELECT count(*) AS count FROM mlm_distributor d WHERE ${where}`, params)
  return { rows, count: Number(counted[0]?.count ?? 0) }
}
