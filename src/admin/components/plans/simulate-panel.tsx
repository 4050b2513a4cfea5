import { Button, Input, Label, RadioGroup, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { mlmPost } from "../../lib/mlm-api"
import { mlmPath } from "../../lib/mlm-http"
import { MoneyText } from "../money-text"
import { EmptyState, ErrorState, Section } from "../states"
import type { Draft } from "./plan-draft"
import type { PlanSimulation } from "./plan-types"
import { SimulatedLines } from "./simulated-lines"
import { sampleLimitFromInput, simulationUploadFromText, totalsByBonus, type SimulationUpload } from "./simulation"

/**
 * What-if (POST /admin/mlm/plans/:id/simulate): the saved draft run by the engine on a sample
 * of the live network or on an uploaded simulation file (spec format: members and events).
 * Nothing is written; the answer's lines and totals are shown here.
 */

type Source = "sample" | "file"

export function SimulatePanel({ planId, draft, ensureSaved }: { planId: string; draft: Draft; ensureSaved: () => Promise<boolean> }) {
  const [source, setSource] = useState<Source>("sample")
  const [limitText, setLimitText] = useState("100")
  const [periodKey, setPeriodKey] = useState("")
  const [upload, setUpload] = useState<{ name: string; upload: SimulationUpload; ignored: string[] } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [result, setResult] = useState<PlanSimulation | null>(null)
  const currency = typeof draft.currency === "string" && /^[A-Z]{3}$/.test(draft.currency) ? draft.currency : "USD"

  async function readFile(file: File | undefined) {
    setUpload(null)
    setProblem(null)
    if (!file) return
    const parsed = simulationUploadFromText(await file.text())
    if (parsed.ok) setUpload({ name: file.name, upload: parsed.upload, ignored: parsed.ignored })
    else setProblem(parsed.error)
  }

  async function run() {
    setProblem(null)
    setError(null)
    let body: unknown
    if (source === "sample") {
      const limit = sampleLimitFromInput(limitText)
      if (!limit.ok) return setProblem(limit.error)
      body = { sample: { limit: limit.limit, ...(periodKey.trim() ? { period_key: periodKey.trim() } : {}) } }
    } else {
      if (!upload) return setProblem("Choose a simulation file first")
      body = upload.upload
    }
    setRunning(true)
    try {
      if (!(await ensureSaved())) return
      setResult(await mlmPost<PlanSimulation>(mlmPath`/plans/${planId}/simulate`, body))
    } catch (caught) {
      setError(caught)
    } finally {
      setRunning(false)
    }
  }

  return (
    <Section title="Simulate" testId="simulate-panel">
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Runs the saved draft (unsaved changes are saved first) and writes nothing.
        </Text>
        <RadioGroup value={source} onValueChange={(value) => setSource(value as Source)} className="flex gap-x-6">
          <div className="flex items-center gap-x-2">
            <RadioGroup.Item value="sample" id="simulate-mode-sample" data-testid="simulate-mode-sample" />
            <Label htmlFor="simulate-mode-sample" size="small">
              A sample of the live network
            </Label>
          </div>
          <div className="flex items-center gap-x-2">
            <RadioGroup.Item value="file" id="simulate-mode-file" data-testid="simulate-mode-file" />
            <Label htmlFor="simulate-mode-file" size="small">
              A simulation file
            </Label>
          </div>
        </RadioGroup>
        {source === "sample" ? (
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="simulate-sample-limit" size="xsmall" weight="plus">
                Distributors (breadth-first from the house)
              </Label>
              <Input id="simulate-sample-limit" size="small" inputMode="numeric" value={limitText} onChange={(event) => setLimitText(event.target.value)} data-testid="simulate-sample-limit" />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="simulate-sample-period" size="xsmall" weight="plus">
                Orders of one period (optional, e.g. 2026-11)
              </Label>
              <Input id="simulate-sample-period" size="small" value={periodKey} onChange={(event) => setPeriodKey(event.target.value)} data-testid="simulate-sample-period" />
            </div>
          </div>
        ) : (
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="simulate-file" size="xsmall" weight="plus">
              Simulation file (JSON with members and events; its plan and expect are ignored)
            </Label>
            <input id="simulate-file" type="file" accept="application/json,.json" className="txt-compact-small" onChange={(event) => void readFile(event.target.files?.[0])} data-testid="simulate-file" />
            {upload ? (
              <Text size="xsmall" className="text-ui-fg-subtle" data-testid="simulate-file-summary">
                {upload.name}: {upload.upload.members.length} members, {upload.upload.events.length} events
                {upload.ignored.length ? ` (ignored: ${upload.ignored.join(", ")})` : ""}
              </Text>
            ) : null}
          </div>
        )}
        {problem ? (
          <Text size="small" className="text-ui-fg-error" role="alert" data-testid="simulate-problem">
            {problem}
          </Text>
        ) : null}
        <div>
          <Button size="small" isLoading={running} onClick={() => void run()} data-testid="simulate-run">
            Run simulation
          </Button>
        </div>
      </div>
      {error ? <ErrorState error={error} title="The simulation did not run" testId="simulate-error" /> : null}
      {result ? <SimulationResultView result={result} currency={currency} /> : null}
    </Section>
  )
}

function SimulationResultView({ result, currency }: { result: PlanSimulation; currency: string }) {
  const totals = totalsByBonus(result)
  return (
    <div className="flex flex-col divide-y" data-testid="simulate-result">
      {result.sample ? (
        <Text size="small" className="px-6 py-3 text-ui-fg-subtle" data-testid="simulate-sample-info">
          Sample: {result.sample.distributors} distributors, {result.sample.customers} customers, {result.sample.orders} orders, closed as period{" "}
          {result.sample.period}.
        </Text>
      ) : null}
      <div className="px-6 py-4" data-testid="simulate-totals">
        <Text size="small" weight="plus" className="pb-2">
          Totals by bonus ({result.summary.lines} {result.summary.lines === 1 ? "line" : "lines"})
        </Text>
        {totals.rows.length === 0 ? (
          <EmptyState title="The plan pays nothing on this network" testId="simulate-totals-empty" />
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Bonus</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Lines</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {totals.rows.map((row) => (
                <Table.Row key={row.bonus} data-testid="simulate-total-row" data-bonus={row.bonus}>
                  <Table.Cell>{row.bonus}</Table.Cell>
                  <Table.Cell className="text-right">{row.lines}</Table.Cell>
                  <Table.Cell className="text-right">
                    <MoneyText amountMinor={row.total_minor} currency={currency} testId="simulate-total-amount" />
                  </Table.Cell>
                </Table.Row>
              ))}
              <Table.Row data-testid="simulate-total-all">
                <Table.Cell className="font-medium">All bonuses</Table.Cell>
                <Table.Cell className="text-right">{result.summary.lines}</Table.Cell>
                <Table.Cell className="text-right font-medium">
                  <MoneyText amountMinor={totals.total_minor} currency={currency} testId="simulate-total-all-amount" />
                </Table.Cell>
              </Table.Row>
            </Table.Body>
          </Table>
        )}
      </div>
      <SimulatedLines lines={result.result.lines} currency={currency} />
    </div>
  )
}
