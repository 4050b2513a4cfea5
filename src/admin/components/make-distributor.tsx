import { Button, Input, Label, Text } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { mlmPost } from "../lib/mlm-api"
import { useMlmMutation } from "../lib/mlm-query"
import type { Distributor } from "../lib/mlm-types"
import { Can } from "./role-aware"
import { EmptyState, ErrorState } from "./states"

/**
 * A plain customer: offer to enroll it (POST /admin/mlm/distributors), under a sponsor's referral
 * code or, left empty, under the house. Only roles with distributors.write see the action.
 */
export function MakeDistributor({ customerId }: { customerId: string }) {
  return (
    <div data-testid="mlm-make-distributor">
      <EmptyState
        title="Not a distributor"
        description="This customer is not part of the network."
        testId="mlm-customer-not-distributor"
      />
      <Can permission="distributors.write">
        <MakeDistributorForm customerId={customerId} />
      </Can>
    </div>
  )
}

function MakeDistributorForm({ customerId }: { customerId: string }) {
  const [sponsorCode, setSponsorCode] = useState("")
  const create = useMlmMutation(
    (body: { customer_id: string; sponsor_referral_code?: string }) => mlmPost<{ distributor: Distributor }>("/distributors", body),
    { invalidates: ["/distributors"] }
  )

  function submit(event: FormEvent) {
    event.preventDefault()
    const code = sponsorCode.trim()
    create.mutate({ customer_id: customerId, ...(code ? { sponsor_referral_code: code } : {}) })
  }

  return (
    <form className="flex flex-col gap-y-2 px-6 pb-4" onSubmit={submit} data-testid="mlm-make-distributor-form">
      <Label htmlFor="mlm-sponsor-code" size="small">
        Sponsor's referral code
      </Label>
      <Input
        id="mlm-sponsor-code"
        size="small"
        placeholder="Empty: the house sponsors"
        maxLength={64}
        value={sponsorCode}
        onChange={(event) => setSponsorCode(event.target.value)}
        data-testid="mlm-make-distributor-sponsor-code"
      />
      {create.error ? <ErrorState error={create.error} testId="mlm-make-distributor-error" /> : null}
      <div>
        <Button size="small" type="submit" isLoading={create.isPending} data-testid="mlm-make-distributor-submit">
          Make distributor
        </Button>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        The customer joins the network now; commissions follow from its next order.
      </Text>
    </form>
  )
}
