import { CheckCircleSolid, XCircleSolid } from "@medusajs/icons"
import { Button, Code, Container, Copy, Input, Label, Text } from "@medusajs/ui"
import { useState } from "react"
import { useMlmQuery } from "../../lib/mlm-query"
import { ErrorState, LoadingState } from "../states"
import { parseAnchor } from "./audit-query"
import type { AuditVerifyReport } from "./audit-types"

/**
 * The audit chain's integrity, first on the page (GET /admin/mlm/audit/verify walks every row and
 * recomputes its hash): intact, or the first broken link and why. An anchor kept outside the
 * database (`<seq>:<hash>`, printed here after each check) also proves the tail was not rewritten.
 */
export function ChainStatus() {
  const [anchorText, setAnchorText] = useState("")
  const [anchor, setAnchor] = useState<{ anchor_seq: number; anchor_hash: string } | null>(null)
  const anchorProblem = anchorText.trim() && !parseAnchor(anchorText) ? "An anchor is <seq>:<64 hex digits>, as printed after a check" : null
  const report = useMlmQuery<AuditVerifyReport>("/audit/verify", anchor ?? undefined, { staleTime: 0 })

  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="audit-chain">
      {report.isPending ? (
        <LoadingState label="Verifying the audit chain…" rows={1} testId="audit-chain-loading" />
      ) : report.error || !report.data ? (
        <ErrorState error={report.error} title="The chain could not be verified" onRetry={() => void report.refetch()} testId="audit-chain-error" />
      ) : (
        <Verdict report={report.data} anchored={anchor !== null} />
      )}
      <div className="flex flex-wrap items-end gap-3">
        <Button size="small" variant="secondary" isLoading={report.isFetching} onClick={() => void report.refetch()} data-testid="audit-chain-verify">
          Verify again
        </Button>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="audit-anchor" size="xsmall" weight="plus">
            Check against an anchor kept elsewhere (optional)
          </Label>
          <div className="flex items-center gap-x-2">
            <Input id="audit-anchor" size="small" className="w-[28rem] max-w-full font-mono" placeholder="1234:9f86d0…" value={anchorText} onChange={(event) => setAnchorText(event.target.value)} data-testid="audit-anchor" />
            <Button size="small" variant="secondary" disabled={anchorProblem !== null || !anchorText.trim()} onClick={() => setAnchor(parseAnchor(anchorText))} data-testid="audit-anchor-check">
              Check
            </Button>
            {anchor ? (
              <Button size="small" variant="transparent" onClick={() => (setAnchor(null), setAnchorText(""))} data-testid="audit-anchor-clear">
                Clear
              </Button>
            ) : null}
          </div>
          {anchorProblem ? (
            <Text size="xsmall" className="text-ui-fg-error">
              {anchorProblem}
            </Text>
          ) : null}
        </div>
      </div>
    </Container>
  )
}

function Verdict({ report, anchored }: { report: AuditVerifyReport; anchored: boolean }) {
  if (!report.ok && report.first_broken) {
    return (
      <div className="flex flex-col gap-y-1" role="alert" data-testid="audit-chain-status" data-ok="false" data-broken-seq={report.first_broken.seq}>
        <div className="flex items-center gap-x-2">
          <XCircleSolid className="text-ui-fg-error" />
          <Text size="large" weight="plus" className="text-ui-fg-error">
            Chain broken at row {report.first_broken.seq}
          </Text>
        </div>
        <Text size="small" data-testid="audit-chain-reason">
          {report.first_broken.reason.replace(/_/g, " ")}: {report.first_broken.detail}
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          The trail was edited, deleted or rewritten from that row on. {report.rows_checked} rows were checked before it.
        </Text>
      </div>
    )
  }
  const anchorText = report.last_seq !== null && report.last_hash ? `${report.last_seq}:${report.last_hash}` : null
  return (
    <div className="flex flex-col gap-y-1" data-testid="audit-chain-status" data-ok="true" data-rows={report.rows_checked}>
      <div className="flex items-center gap-x-2">
        <CheckCircleSolid className="text-ui-fg-interactive" />
        <Text size="large" weight="plus">
          Chain intact{anchored ? ", anchor found" : ""}
        </Text>
      </div>
      <Text size="small" className="text-ui-fg-subtle" data-testid="audit-chain-rows">
        {report.rows_checked} {report.rows_checked === 1 ? "row" : "rows"} verified, every hash recomputed
        {report.skipped_seqs > 0 ? ` (${report.skipped_seqs} numbers used by inserts that rolled back)` : ""}.
      </Text>
      {anchorText ? (
        <div className="flex flex-wrap items-center gap-x-2">
          <Text size="xsmall" className="text-ui-fg-subtle">
            Anchor to keep outside the database:
          </Text>
          <Code className="break-all text-xs" data-testid="audit-chain-anchor">
            {anchorText}
          </Code>
          <Copy content={anchorText} />
        </div>
      ) : null}
    </div>
  )
}
