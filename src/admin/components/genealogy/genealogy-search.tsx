import { Input, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { useMlmQuery } from "../../lib/mlm-query"
import type { DistributorList } from "../../lib/mlm-types"
import { DistributorStatusBadge } from "../status-badges"
import { ErrorState, LoadingState } from "../states"
import { displayName } from "./genealogy-types"

const RESULTS = 10
const DEBOUNCE_MS = 300

/**
 * Finds a member by name, email or referral code (GET /admin/mlm/distributors?q=: a referral
 * code prefix, or the customers the text matches) and focuses the tree on the one picked.
 */
export function GenealogySearch({ onPick }: { onPick: (id: string) => void }) {
  const [text, setText] = useState("")
  const [q, setQ] = useState("")
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])
  const results = useMlmQuery<DistributorList>(q ? "/distributors" : null, { q, limit: RESULTS }, { staleTime: 30_000 })

  return (
    <div className="flex flex-col gap-y-2">
      <Input
        type="search"
        size="small"
        placeholder="Search by name, email or referral code"
        aria-label="Search the network by name, email or referral code"
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-testid="genealogy-search"
      />
      {q ? <Results query={results} q={q} onPick={(id) => { setText(""); setQ(""); onPick(id) }} /> : null}
    </div>
  )
}

function Results({ query, q, onPick }: { query: UseQueryResult<DistributorList, Error>; q: string; onPick: (id: string) => void }) {
  if (query.isPending) return <LoadingState rows={2} label="Searching…" testId="genealogy-search-loading" />
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} testId="genealogy-search-error" />
  const { distributors, count } = query.data
  if (distributors.length === 0) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="genealogy-search-empty">
        Nobody matches “{q}”.
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-1" data-testid="genealogy-search-results">
      <ul className="bg-ui-bg-base shadow-elevation-card-rest flex flex-col rounded-md py-1" aria-label="Search results">
        {distributors.map((distributor) => (
          <li key={distributor.id}>
            <button
              type="button"
              className="hover:bg-ui-bg-base-hover focus-visible:bg-ui-bg-base-hover flex w-full items-center gap-x-2 px-3 py-1.5 text-left outline-none"
              onClick={() => onPick(distributor.id)}
              data-testid={`genealogy-search-result-${distributor.id}`}
            >
              <Text size="small" weight="plus">
                {displayName(distributor)}
              </Text>
              {distributor.customer?.email ? (
                <Text size="small" className="text-ui-fg-subtle">
                  {distributor.customer.email}
                </Text>
              ) : null}
              <Text size="xsmall" className="text-ui-fg-muted font-mono">
                {distributor.referral_code}
              </Text>
              <DistributorStatusBadge status={distributor.status} />
            </button>
          </li>
        ))}
      </ul>
      {count > distributors.length ? (
        <Text size="xsmall" className="text-ui-fg-muted">
          {count} match; the first {distributors.length} are shown. Type more to narrow it down.
        </Text>
      ) : null}
    </div>
  )
}
