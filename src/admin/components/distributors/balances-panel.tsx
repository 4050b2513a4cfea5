import { BalancesTable } from "../balances-table"
import { Section } from "../states"

/** What the distributor has earned per currency: held (pending) and payable (available). */
export function BalancesPanel({ distributorId }: { distributorId: string }) {
  return (
    <Section title="Balances" testId="distributor-balances">
      <BalancesTable distributorId={distributorId} testId="distributor-balance" emptyTitle="Nothing earned yet" />
    </Section>
  )
}
