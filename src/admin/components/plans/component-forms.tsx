import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { BINARY_PLACEMENTS, COMPONENT_TYPES, type ComponentType, type DraftPath } from "./plan-draft"
import { ChoiceField, IntField, RateListField, RecordField, usePlanForm } from "./form-fields"
import { StepsField } from "./steps-field"

/**
 * One form per component type, field by field as the plan schema defines it
 * (src/engine/schema.ts, spec "Component types"). Defaults are the engine's: a choice left on
 * "default" is not written to the draft.
 */

const level = (index: number) => `Level ${index + 1}`
const generation = (index: number) => `Generation ${index + 1}`

function Grid({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-1 gap-4 md:grid-cols-2">{children}</div>
}

function Unilevel({ at }: { at: DraftPath }) {
  return (
    <div className="flex flex-col gap-y-4">
      <RateListField label="Rate per level (level 1 first)" path={[...at, "levels_bp"]} itemLabel={level} />
      <Grid>
        <ChoiceField label="Compression" path={[...at, "compression"]} options={["dynamic", "none"]} defaultLabel="default (dynamic)" />
      </Grid>
      <RecordField label="Levels unlocked by rank (ranks not listed unlock every level)" path={[...at, "depth_by_rank"]} keyLabel="Rank" valueLabel="Levels" newKey="rank" newValue={1} />
    </div>
  )
}

function FastStart({ at }: { at: DraftPath }) {
  return (
    <Grid>
      <IntField label="Rate of the order's CV" path={[...at, "rate_bp"]} unit="bp" />
      <IntField label="Days after enrollment" path={[...at, "days"]} hint="Orders placed earlier than enrollment plus these days pay the buyer's sponsor." />
    </Grid>
  )
}

function Binary({ at }: { at: DraftPath }) {
  const { valueAt } = usePlanForm()
  const pairs = valueAt([...at, "mode"]) === "pairs"
  // A field of the other mode still shows while it is set, so its issue ("applies only to …") is visible.
  const shows = (key: string, inPairs: boolean) => pairs === inPairs || valueAt([...at, key]) !== undefined
  return (
    <Grid>
      <ChoiceField label="Placement" path={[...at, "placement"]} options={BINARY_PLACEMENTS} defaultLabel="default (bfs)" />
      <ChoiceField label="Mode" path={[...at, "mode"]} options={["volume", "pairs"]} defaultLabel="default (volume)" />
      {shows("rate_bp", false) ? <IntField label="Rate of matched volume" path={[...at, "rate_bp"]} unit="bp" /> : null}
      {shows("cap_cents", false) ? <IntField label="Cap per member and period" path={[...at, "cap_cents"]} unit="minor" /> : null}
      {shows("pair_cents", true) ? <IntField label="Paid per pair" path={[...at, "pair_cents"]} unit="minor" /> : null}
      {shows("first_pair", true) ? <ChoiceField label="First pair" path={[...at, "first_pair"]} options={["2:1"]} defaultLabel="1:1" /> : null}
      {shows("max_pairs", true) ? <IntField label="Pairs per member and period (at most)" path={[...at, "max_pairs"]} /> : null}
      <ChoiceField label="Above the cap" path={[...at, "over_cap"]} options={["flush", "carry"]} defaultLabel="default (flush)" />
      <ChoiceField label="Qualification" path={[...at, "qualification"]} options={["none", "sponsored_each_leg"]} defaultLabel="default (none)" />
      <ChoiceField label="Unqualified members" path={[...at, "unqualified"]} options={["accumulate", "flush"]} defaultLabel="default (accumulate)" />
      <ChoiceField label="Refund of paired volume" path={[...at, "refund"]} options={["clawback_restore", "negative_carry"]} defaultLabel="default (clawback_restore)" />
    </Grid>
  )
}

function Matrix({ at }: { at: DraftPath }) {
  return (
    <div className="flex flex-col gap-y-4">
      <Grid>
        <IntField label="Width" path={[...at, "width"]} />
        <IntField label="Depth" path={[...at, "depth"]} />
        <ChoiceField label="Compression" path={[...at, "compression"]} options={["dynamic", "none"]} defaultLabel="default (dynamic)" />
        <IntField label="Completion bonus" path={[...at, "completion_bonus_cents"]} unit="minor" />
      </Grid>
      <RateListField label="Rate per placement level (at most depth levels)" path={[...at, "levels_bp"]} itemLabel={level} />
    </div>
  )
}

function Board({ at }: { at: DraftPath }) {
  return (
    <Grid>
      <IntField label="Width" path={[...at, "width"]} />
      <IntField label="Depth" path={[...at, "depth"]} />
      <IntField label="Cycle bonus" path={[...at, "cycle_bonus_cents"]} unit="minor" />
      <IntField label="Re-entry fee" path={[...at, "reentry_fee_cents"]} unit="minor" />
    </Grid>
  )
}

function StairStep({ at }: { at: DraftPath }) {
  return (
    <div className="flex flex-col gap-y-4">
      <StepsField path={[...at, "steps"]} />
      <Grid>
        <IntField label="Breakaway rate" path={[...at, "breakaway_rate_bp"]} unit="bp" />
      </Grid>
      <RateListField label="Generation rates (on breakaway groups)" path={[...at, "generations_bp"]} itemLabel={generation} />
    </div>
  )
}

function Matching({ at }: { at: DraftPath }) {
  const targets = COMPONENT_TYPES.filter((type) => type !== "matching")
  return (
    <div className="flex flex-col gap-y-4">
      <Grid>
        <ChoiceField label="Matches the earnings of" path={[...at, "on"]} options={targets} />
      </Grid>
      <RateListField label="Rate per generation (generation 1: personally sponsored)" path={[...at, "generations_bp"]} itemLabel={generation} />
    </div>
  )
}

function Pool({ at }: { at: DraftPath }) {
  return (
    <div className="flex flex-col gap-y-4">
      <Grid>
        <IntField label="Rate of the period's total CV" path={[...at, "rate_bp"]} unit="bp" />
      </Grid>
      <RecordField label="Shares by member" path={[...at, "shares"]} keyLabel="Member id" valueLabel="Shares" newKey="member" newValue={1} />
    </div>
  )
}

export function ComponentForm({ type, at }: { type: ComponentType; at: DraftPath }) {
  switch (type) {
    case "unilevel":
      return <Unilevel at={at} />
    case "retail_profit":
      return (
        <Text size="small" className="text-ui-fg-subtle">
          No settings: a customer's referrer earns the order's retail minus wholesale amount.
        </Text>
      )
    case "fast_start":
      return <FastStart at={at} />
    case "binary":
      return <Binary at={at} />
    case "matrix":
      return <Matrix at={at} />
    case "board":
      return <Board at={at} />
    case "stair_step":
      return <StairStep at={at} />
    case "matching":
      return <Matching at={at} />
    case "pool":
      return <Pool at={at} />
  }
}
