import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordAudit } from "../../../../../modules/mlm/security/audit"
import { auditExportRange, auditRowsBetween } from "../../../../../modules/mlm/security/audit-read"
import { SIEM_EXPORT_FORMAT, toSiemEvent } from "../../../../../modules/mlm/security/audit-siem"
import { auditContextOf, auditDb } from "../audit-request"
import type { AdminAuditExportQueryType } from "../validators"

/**
 * SIEM export: up to `limit` rows after `after_seq` as JSON lines, written as they are read.
 * The range is fixed and audited (`data_exported`) before the first line is sent, so an export
 * is on record even if the collector disconnects; `x-next-after-seq` is the collector's next
 * cursor and `x-audit-rows` the number of lines to expect. A failure mid-stream aborts the
 * response instead of ending it, so a short export never looks complete.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminAuditExportQueryType>, res: MedusaResponse) {
  const { after_seq, limit } = req.validatedQuery
  const db = await auditDb(req.scope)
  const range = await auditExportRange(db.exec, after_seq, limit)
  const actor = auditContextOf(req)
  await db.transaction((exec) =>
    recordAudit(exec, {
      event: "data_exported",
      ...actor,
      target_type: "audit_log",
      outcome: "success",
      after: { format: SIEM_EXPORT_FORMAT, after_seq, through_seq: range.through_seq, rows: range.rows },
    })
  )

  res.status(200)
  res.setHeader("content-type", "application/x-ndjson; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  res.setHeader("x-next-after-seq", String(range.through_seq))
  res.setHeader("x-audit-rows", String(range.rows))
  let gone = false
  res.once("close", () => (gone = true))
  try {
    for await (const row of auditRowsBetween(db.exec, after_seq, range.through_seq)) {
      if (gone) return
      if (!res.write(`${JSON.stringify(toSiemEvent(row))}\n`)) await drained(res)
    }
    res.end()
  } catch (error) {
    res.destroy(error as Error)
  }
}

function drained(res: MedusaResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done)
      res.off("close", done)
      resolve()
    }
    res.once("drain", done)
    res.once("close", done)
  })
}
