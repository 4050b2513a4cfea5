import { Text } from "@medusajs/ui"
import type { Overview } from "../../lib/mlm-types"
import { Section } from "../states"

/** Network size by status and who joined in the period. */
export function NetworkCard({ overview }: { overview: Overview }) {
  const { network } = overview
  const statuses = ["active", "pending", "suspended", "terminated"] as const
  return (
    <Section title="Network" testId="mlm-overview-network">
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-3">
        <Figure label="Distributors" value={network.distributors} testId="mlm-overview-distributors" />
        <Figure label={`New in ${overview.period.key}`} value={network.new_in_period} testId="mlm-overview-new" />
        <div className="flex flex-col gap-y-1" data-testid="mlm-overview-by-status">
          {statuses.map((status) => (
            <Text key={status} size="small" className="text-ui-fg-subtle" data-testid={`mlm-overview-status-${status}`}>
              {status}: {network.by_status[status] ?? 0}
            </Text>
          ))}
        </div>
      </div>
    </Section>
  )
}

export function Figure({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <div className="flex flex-col">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="xlarge" weight="plus" data-testid={testId}>
        {value}
      </Text>
    </div>
  )
}
