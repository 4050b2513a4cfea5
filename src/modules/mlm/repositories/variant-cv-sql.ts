import type { VariantCvRule } from "../domain/commissionable-value"
import type { SqlExec } from "./sql-exec"

/**
 * mlm_variant_cv: one commissionable-value rule per product variant, either a share of the price
 * (cv_bp) or a fixed CV per unit in one currency (cv_minor + currency_code); the table's checks
 * make the two forms exclusive. Currencies are stored upper-case.
 */

export type VariantCvDTO = VariantCvRule & {
  variant_id: string
  updated_by: string | null
  updated_at: Date
}

export type VariantCvInput = { cv_bp: number } | { cv_minor: number; currency_code: string }

type VariantCvRow = {
  variant_id: string
  cv_bp: number | null
  cv_minor: string | number | null
  currency_code: string | null
  updated_by: string | null
  updated_at: Date | string
}

const COLUMNS = "variant_id, cv_bp, cv_minor, currency_code, updated_by, updated_at"

function toDTO(row: VariantCvRow): VariantCvDTO {
  return {
    variant_id: row.variant_id,
    cv_bp: row.cv_bp === null ? null : Number(row.cv_bp),
    // bigint arrives as text; the check keeps it ≥ 0 and the API keeps it a safe integer.
    cv_minor: row.cv_minor === null ? null : Number(row.cv_minor),
    currency_code: row.currency_code,
    updated_by: row.updated_by,
    updated_at: new Date(row.updated_at),
  }
}

export async function upsertVariantCv(exec: SqlExec, variantId: string, rule: VariantCvInput, actorId: string | null): Promise<VariantCvDTO> {
  const fixed = "cv_minor" in rule
  const rows = await exec<VariantCvRow>(
    `INSERT INTO mlm_variant_cv (variant_id, cv_bp, cv_minor, currency_code, updated_by, updated_at)
     VALUES ($1, $2::int, $3::bigint, $4::text, $5, now())
     ON CONFLICT (variant_id) DO UPDATE
        SET cv_bp = EXCLUDED.cv_bp, cv_minor = EXCLUDED.cv_minor, currency_code = EXCLUDED.currency_code,
            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      variantId,
      fixed ? null : rule.cv_bp,
      fixed ? String(rule.cv_minor) : null,
      fixed ? rule.currency_code.toUpperCase() : null,
      actorId,
    ]
  )
  return toDTO(rows[0])
}

export async function selectVariantCv(exec: SqlExec, variantId: string): Promise<VariantCvDTO | null> {
  const rows = await exec<VariantCvRow>(`SELECT ${COLUMNS} FROM mlm_variant_cv WHERE variant_id = $1`, [variantId])
  return rows[0] ? toDTO(rows[0]) : null
}

/** Rules for the given variants, ordered by variant id; variants without a rule are absent. */
export async function selectVariantCvList(exec: SqlExec, variantIds: string[]): Promise<VariantCvDTO[]> {
  if (variantIds.length === 0) return []
  const rows = await exec<VariantCvRow>(
    `SELECT ${COLUMNS} FROM mlm_variant_cv WHERE variant_id = ANY ($1::text[]) ORDER BY variant_id`,
    [[...new Set(variantIds)]]
  )
  return rows.map(toDTO)
}

/** The subscriber's lookup: variant id → rule, for `lineCvMinor` (absent: the default share). */
export async function selectVariantCvRules(exec: SqlExec, variantIds: string[]): Promise<Map<string, VariantCvRule>> {
  const rows = await selectVariantCvList(exec, variantIds)
  return new Map(rows.map((row) => [row.variant_id, { cv_bp: row.cv_bp, cv_minor: row.cv_minor, currency_code: row.currency_code }]))
}

/** true when a rule was deleted. */
export async function deleteVariantCv(exec: SqlExec, variantId: string): Promise<boolean> {
  const rows = await exec(`DELETE FROM mlm_variant_cv WHERE variant_id = $1 RETURNING variant_id`, [variantId])
  return rows.length > 0
}
