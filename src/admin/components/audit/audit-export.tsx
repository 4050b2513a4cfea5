import { ArrowDownTray } from "@medusajs/icons"
import { Button, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmFetchRaw } from "../../lib/mlm-api"
import { saveResponseAsFile } from "../controls/download"
import { useStepUp } from "../mfa-gate"
import { ErrorState } from "../states"

/**
 * The SIEM export (GET /admin/mlm/audit/export) as a file: JSON lines from the start of the trail,
 * at most the route's default of 10 000 rows; `x-next-after-seq` tells where the next file starts.
 * Exports need a step-up MFA challenge; the export itself is audited by the server.
 */
export function AuditExportButton() {
  const { withStepUp } = useStepUp()
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [done, setDone] = useState<{ name: string; rows: string | null; next: string | null } | null>(null)

  async function run() {
    setRunning(true)
    setError(null)
    setDone(null)
    try {
      const response = await withStepUp(() => mlmFetchRaw("/audit/export", { after_seq: 0 }))
      const rows = response.headers.get("x-audit-rows")
      const next = response.headers.get("x-next-after-seq")
      const name = await saveResponseAsFile(response, `mlm-audit-through-${next ?? "end"}.jsonl`)
      setDone({ name, rows, next })
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      <Button size="small" variant="secondary" isLoading={running} onClick={() => void run()} data-testid="audit-export">
        <ArrowDownTray /> Export for SIEM
      </Button>
      {done ? (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="audit-export-done" data-rows={done.rows ?? ""}>
          Saved {done.name}
          {done.rows !== null ? ` (${done.rows} rows)` : ""}
          {done.next !== null ? `; the next export starts after row ${done.next}` : ""}
        </Text>
      ) : null}
      {error ? <ErrorState error={error} title="The export failed" testId="audit-export-error" /> : null}
    </div>
  )
}
