import { ArrowDownTray } from "@medusajs/icons"
import { Button, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmFetchRaw } from "../../lib/mlm-api"
import { saveResponseAsFile } from "../controls/download"
import { useStepUp } from "../mfa-gate"
import { Can } from "../role-aware"
import { ErrorState } from "../states"
import { ledgerExportQuery, type LedgerFilters } from "./ledger-filters"

/**
 * CSV export of the filtered ledger (GET /admin/mlm/ledger/export): `exports` permission and a
 * step-up MFA challenge (the gate's prompt asks for a code when the server wants one). The file
 * holds the lines the page lists (every filter applies), newest first, up to the route's bound.
 * Disabled while the date range is backwards, as the list is.
 */
export function LedgerExportButton({ filters }: { filters: LedgerFilters }) {
  return (
    <Can permission="exports">
      <ExportButton filters={filters} />
    </Can>
  )
}

function ExportButton({ filters }: { filters: LedgerFilters }) {
  const { withStepUp } = useStepUp()
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState<{ name: string; rows: string | null } | null>(null)
  const exportQuery = ledgerExportQuery(filters)

  async function run() {
    if (!exportQuery) return
    setRunning(true)
    setError(null)
    setSaved(null)
    try {
      const response = await withStepUp(() => mlmFetchRaw("/ledger/export", exportQuery))
      const rows = response.headers.get("x-mlm-export-rows")
      const name = await saveResponseAsFile(response, `mlm-ledger-${new Date().toISOString().slice(0, 10)}.csv`)
      setSaved({ name, rows })
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      <Button size="small" variant="secondary" disabled={!exportQuery} isLoading={running} onClick={() => void run()} data-testid="ledger-export">
        <ArrowDownTray /> Export CSV
      </Button>
      {saved ? (
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="ledger-export-done" data-rows={saved.rows ?? ""}>
          Saved {saved.name}
          {saved.rows !== null ? ` (${saved.rows} lines)` : ""}
        </Text>
      ) : null}
      {error ? <ErrorState error={error} title="The export failed" testId="ledger-export-error" /> : null}
    </div>
  )
}
