import { Text, Textarea } from "@medusajs/ui"
import { useState } from "react"
import { draftFromJson, draftToJson, type Draft } from "./plan-draft"

/**
 * The draft as raw JSON. Every edit that parses to an object becomes the draft at once (so the
 * form tab shows it too); text that does not parse stays here with the reason, and the draft keeps
 * its last good value.
 */
export function JsonTab({ draft, setDraft, readOnly }: { draft: Draft; setDraft: (next: Draft) => void; readOnly: boolean }) {
  const [text, setText] = useState(() => draftToJson(draft))
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="flex flex-col gap-y-2">
      <Textarea
        aria-label="Plan draft as JSON"
        className="min-h-[420px] font-mono text-xs"
        spellCheck={false}
        value={text}
        readOnly={readOnly}
        onChange={(event) => {
          setText(event.target.value)
          const parsed = draftFromJson(event.target.value)
          if (parsed.ok) {
            setError(null)
            setDraft(parsed.draft)
          } else {
            setError(parsed.error)
          }
        }}
        data-testid="plan-json"
      />
      {error ? (
        <Text size="small" className="text-ui-fg-error" role="alert" data-testid="plan-json-error">
          {error} — the draft keeps its last valid JSON until this parses.
        </Text>
      ) : (
        <Text size="xsmall" className="text-ui-fg-muted">
          Amounts are integer minor units of the plan's currency; rates are basis points (1000 = 10%).
        </Text>
      )}
    </div>
  )
}
