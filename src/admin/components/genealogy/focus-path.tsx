import { TriangleRightMini } from "@medusajs/icons"
import { Button, Text } from "@medusajs/ui"
import { Fragment } from "react"
import type { DistributorDetail, UplineMember } from "../../lib/mlm-types"
import { displayName } from "./genealogy-types"

/**
 * The focused member's upline as breadcrumbs, the house first: each crumb focuses the tree on
 * that ancestor. Ancestors are named by referral code (the detail route's upline carries no
 * customer), the focused member by its name.
 */
export function FocusPath({ detail, onFocus, onClear }: { detail: DistributorDetail["distributor"]; onFocus: (id: string) => void; onClear: () => void }) {
  return (
    <nav aria-label="Upline of the focused member" data-testid="genealogy-breadcrumbs">
      <ol className="flex flex-wrap items-center gap-x-1 gap-y-1">
        {detail.upline.map((member: UplineMember) => (
          <Fragment key={member.id}>
            <li>
              <Button size="small" variant="transparent" onClick={() => onFocus(member.id)} data-testid={`genealogy-crumb-${member.id}`}>
                {member.is_house ? "The house" : member.referral_code}
              </Button>
            </li>
            <li aria-hidden className="text-ui-fg-muted">
              <TriangleRightMini />
            </li>
          </Fragment>
        ))}
        <li>
          <Text as="span" size="small" weight="plus" aria-current="page" className="px-2" data-testid="genealogy-crumb-current">
            {displayName(detail)} (level {detail.depth})
          </Text>
        </li>
        <li>
          <Button size="small" variant="secondary" onClick={onClear} data-testid="genealogy-focus-clear">
            Whole network
          </Button>
        </li>
      </ol>
    </nav>
  )
}
