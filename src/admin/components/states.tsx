import { ExclamationCircle } from "@medusajs/icons"
import { Button, Container, Heading, Skeleton, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import type { ReactNode } from "react"
import { isMlmApiError } from "../lib/mlm-http"

/**
 * The three states every MLM page and widget shows besides its content. Text only (server
 * messages included): nothing here renders markup from data.
 */

export function LoadingState({ label = "Loading…", rows = 3, testId = "mlm-loading" }: { label?: string; rows?: number; testId?: string }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid={testId} aria-busy="true" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} className="h-5 w-full" />
      ))}
    </div>
  )
}

export function EmptyState({
  title,
  description,
  action,
  testId = "mlm-empty",
}: {
  title: string
  description?: string
  action?: ReactNode
  testId?: string
}) {
  return (
    <div className="flex flex-col items-center gap-y-2 px-6 py-8 text-center" data-testid={testId}>
      <Text size="small" weight="plus">
        {title}
      </Text>
      {description ? (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      ) : null}
      {action}
    </div>
  )
}

/** A headline for a refusal the user can understand without reading the server's words. */
export function errorTitle(error: unknown): string {
  if (!isMlmApiError(error)) return "Something went wrong"
  switch (error.kind) {
    case "no_role":
      return "No MLM role"
    case "forbidden":
      return "Not allowed"
    case "not_found":
      return "Not found"
    case "rate_limited":
      return "Too many requests"
    case "network":
      return "The server could not be reached"
    case "unauthorized":
      return "Not signed in"
    default:
      return error.status >= 500 ? "The server failed" : "The request was refused"
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return String(error)
}

export function ErrorState({
  error,
  title,
  onRetry,
  testId = "mlm-error",
}: {
  error: unknown
  title?: string
  onRetry?: () => void
  testId?: string
}) {
  const retryAfter = isMlmApiError(error) ? error.retryAfterSeconds : undefined
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" role="alert" data-testid={testId}>
      <div className="flex items-center gap-x-2">
        <ExclamationCircle className="text-ui-fg-error" />
        <Text size="small" weight="plus">
          {title ?? errorTitle(error)}
        </Text>
      </div>
      <Text size="small" className="text-ui-fg-subtle" data-testid={`${testId}-message`}>
        {errorMessage(error)}
      </Text>
      {retryAfter !== undefined ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid={`${testId}-retry-after`}>
          Try again in {retryAfter} seconds.
        </Text>
      ) : null}
      {onRetry ? (
        <div>
          <Button size="small" variant="secondary" onClick={onRetry} data-testid={`${testId}-retry`}>
            Try again
          </Button>
        </div>
      ) : null}
    </div>
  )
}

/**
 * Loading, error, empty or content for one query:
 * `<QueryState query={q} isEmpty={(d) => d.lines.length === 0} empty={<EmptyState title="No lines" />}>{(d) => …}</QueryState>`
 */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  loading,
  children,
  testId,
}: {
  query: Pick<UseQueryResult<T, Error>, "data" | "error" | "isPending" | "refetch">
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  loading?: ReactNode
  children: (data: T) => ReactNode
  testId?: string
}) {
  if (query.isPending) return <>{loading ?? <LoadingState testId={testId ? `${testId}-loading` : undefined} />}</>
  if (query.error || query.data === undefined) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} testId={testId ? `${testId}-error` : undefined} />
  }
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState title="Nothing here yet" testId={testId ? `${testId}-empty` : undefined} />}</>
  return <>{children(query.data)}</>
}

/** A section card in Medusa's look: a heading row, then its body. */
export function Section({
  title,
  actions,
  children,
  testId,
}: {
  title: string
  actions?: ReactNode
  children: ReactNode
  testId?: string
}) {
  return (
    <Container className="divide-y p-0" data-testid={testId}>
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{title}</Heading>
        {actions}
      </div>
      {children}
    </Container>
  )
}
