import { Focus } from "@medusajs/icons"
import { Badge, IconButton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { Distributor } from "../../lib/mlm-types"
import { DistributorStatusBadge } from "../status-badges"
import { displayName } from "./genealogy-types"

/** One member as a tree shows it: name, referral code, status, and a button to focus on it. */
export function NodeLabel({ distributor, extra, onFocus }: { distributor: Distributor; extra?: ReactNode; onFocus?: (id: string) => void }) {
  const name = displayName(distributor)
  return (
    <span className="bg-ui-bg-base shadow-borders-base inline-flex items-center gap-x-2 rounded-md px-2 py-1">
      <Text as="span" size="small" weight="plus" className="whitespace-nowrap" data-testid={`genealogy-name-${distributor.id}`}>
        {name}
      </Text>
      {!distributor.is_house ? (
        <Badge size="2xsmall" className="font-mono">
          {distributor.referral_code}
        </Badge>
      ) : null}
      {!distributor.is_house ? <DistributorStatusBadge status={distributor.status} /> : null}
      {extra}
      {onFocus ? (
        <IconButton size="2xsmall" variant="transparent" aria-label={`Focus on ${name}`} onClick={() => onFocus(distributor.id)} data-testid={`genealogy-focus-${distributor.id}`}>
          <Focus />
        </IconButton>
      ) : null}
    </span>
  )
}
