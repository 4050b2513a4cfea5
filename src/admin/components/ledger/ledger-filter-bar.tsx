import { Button, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useState, type ReactNode } from "react"
import { NativeSelect } from "../controls/native-select"
import { DistributorPicker } from "../distributors/distributor-picker"
import { activeFilterCount, dateRangeProblem, isPeriodKey, LEDGER_BONUSES, LEDGER_LINE_STATUSES, withFilter, type FilterKey, type LedgerFilters } from "./ledger-filters"

/**
 * The ledger's filters: status, bonus, commission period, posting days (UTC, both inclusive),
 * distributor (searched by referral code, email or name) and order. Each change goes to the URL.
 */

const label = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, " ")

function Field({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="xsmall" weight="plus">
        {title}
      </Label>
      {children}
    </div>
  )
}

export function LedgerFilterBar({ filters, onChange }: { filters: LedgerFilters; onChange: (change: (current: LedgerFilters) => LedgerFilters) => void }) {
  const set = (key: FilterKey, value: string | undefined) => onChange((current) => withFilter(current, key, value))
  const rangeProblem = dateRangeProblem(filters)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="ledger-filters">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="ledger-filter-status" title="Status">
          <NativeSelect
            id="ledger-filter-status"
            testId="ledger-filter-status"
            value={filters.status ?? ""}
            options={[{ value: "", label: "All statuses" }, ...LEDGER_LINE_STATUSES.map((status) => ({ value: status, label: label(status) }))]}
            onChange={(event) => set("status", event.target.value)}
          />
        </Field>
        <Field id="ledger-filter-bonus" title="Bonus">
          <NativeSelect
            id="ledger-filter-bonus"
            testId="ledger-filter-bonus"
            value={filters.bonus ?? ""}
            options={[{ value: "", label: "All bonuses" }, ...LEDGER_BONUSES.map((bonus) => ({ value: bonus, label: label(bonus) }))]}
            onChange={(event) => set("bonus", event.target.value)}
          />
        </Field>
        <Field id="ledger-filter-period" title="Commission period (month or week)">
          <PeriodInput value={filters.period_key} onChange={(value) => set("period_key", value)} />
        </Field>
        <Field id="ledger-filter-distributor" title="Distributor">
          <DistributorPicker value={filters.distributor_id} onChange={(id) => set("distributor_id", id)} testId="ledger-filter-distributor" />
        </Field>
        <Field id="ledger-filter-from" title="Posted from (UTC)">
          <Input id="ledger-filter-from" type="date" size="small" value={filters.from ?? ""} onChange={(event) => set("from", event.target.value)} data-testid="ledger-filter-from" />
        </Field>
        <Field id="ledger-filter-to" title="Posted until (UTC, inclusive)">
          <Input id="ledger-filter-to" type="date" size="small" value={filters.to ?? ""} onChange={(event) => set("to", event.target.value)} data-testid="ledger-filter-to" />
        </Field>
        <Field id="ledger-filter-order" title="Order id">
          <Input
            id="ledger-filter-order"
            size="small"
            placeholder="order_…"
            defaultValue={filters.order_id ?? ""}
            key={filters.order_id ?? ""}
            onBlur={(event) => set("order_id", event.target.value.trim() || undefined)}
            onKeyDown={(event) => event.key === "Enter" && set("order_id", event.currentTarget.value.trim() || undefined)}
            data-testid="ledger-filter-order"
          />
        </Field>
        <div className="flex items-end">
          <Button size="small" variant="secondary" disabled={activeFilterCount(filters) === 0} onClick={() => onChange(() => ({ offset: 0 }))} data-testid="ledger-filter-clear">
            Clear filters
          </Button>
        </div>
      </div>
      {rangeProblem ? (
        <Text size="small" className="text-ui-fg-error" role="alert" data-testid="ledger-filter-range-problem">
          {rangeProblem}
        </Text>
      ) : null}
    </div>
  )
}

/** Applied on Enter or when leaving the field; a key that names no month or week is explained, not sent. */
function PeriodInput({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "")
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => setText(value ?? ""), [value])
  function apply() {
    const key = text.trim().toUpperCase()
    if (key !== "" && !isPeriodKey(key)) return setProblem("A month (2026-11) or an ISO week (2026-W47)")
    setProblem(null)
    if ((key || undefined) !== value) onChange(key || undefined)
  }
  return (
    <>
      <Input
        id="ledger-filter-period"
        size="small"
        placeholder="2026-11 or 2026-W47"
        value={text}
        aria-invalid={problem !== null}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => event.key === "Enter" && apply()}
        data-testid="ledger-filter-period"
      />
      {problem ? (
        <Text size="xsmall" className="text-ui-fg-error" data-testid="ledger-filter-period-problem">
          {problem}
        </Text>
      ) : null}
    </>
  )
}
