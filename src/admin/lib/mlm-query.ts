import { useMutation, useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from "@tanstack/react-query"
import { useEffect } from "react"
import { mlmGet, type MlmQuery } from "./mlm-api"
import { isMlmApiError, mlmRoutePath } from "./mlm-http"

/**
 * react-query glue for the MLM admin. Every key starts with "mlm", so one invalidation refreshes
 * the whole MLM area (after an MFA challenge, say). A 4xx is an answer, not a glitch: only
 * network errors and 5xx are retried. A query refused because the session lost its MFA
 * challenge makes the gate read the MFA status again, which brings the code prompt back.
 */

export const MLM_QUERY_ROOT = "mlm" as const
export const MFA_STATUS_KEY: QueryKey = [MLM_QUERY_ROOT, "/admin/mlm/mfa/status", {}]

export function mlmQueryKey(path: string, query?: MlmQuery): QueryKey {
  return [MLM_QUERY_ROOT, mlmRoutePath(path), query ?? {}]
}

export function retryMlmQuery(failureCount: number, error: unknown): boolean {
  if (isMlmApiError(error) && error.status >= 400 && error.status < 500) return false
  return failureCount < 2
}

type Options<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, "queryKey" | "queryFn">

/** GET an /admin/mlm route; `path` null (or `enabled: false`) waits. */
export function useMlmQuery<T>(path: string | null, query?: MlmQuery, options: Options<T> = {}) {
  const queryClient = useQueryClient()
  const result = useQuery<T, Error, T, QueryKey>({
    queryKey: mlmQueryKey(path ?? "", query),
    queryFn: ({ signal }) => mlmGet<T>(path!, query, signal),
    retry: retryMlmQuery,
    ...options,
    enabled: path !== null && (options.enabled ?? true),
  })
  const error = result.error
  useEffect(() => {
    if (isMlmApiError(error) && error.needsMfaGate) void queryClient.invalidateQueries({ queryKey: MFA_STATUS_KEY })
  }, [error, queryClient])
  return result
}

/** Refreshes every MLM query (or those under one route path). */
export function useInvalidateMlm() {
  const queryClient = useQueryClient()
  return (path?: string) =>
    queryClient.invalidateQueries({ queryKey: path ? [MLM_QUERY_ROOT, mlmRoutePath(path)] : [MLM_QUERY_ROOT] })
}

/**
 * A write against /admin/mlm. `invalidates` lists route paths whose queries refresh on success.
 * Wrap `mutationFn` in `withStepUp` (mfa-gate.tsx) for routes that need a recent challenge.
 */
export function useMlmMutation<TVariables, TResult>(
  mutationFn: (variables: TVariables) => Promise<TResult>,
  options: { invalidates?: string[]; onSuccess?: (result: TResult, variables: TVariables) => void } = {}
) {
  const invalidate = useInvalidateMlm()
  return useMutation<TResult, Error, TVariables>({
    mutationFn,
    onSuccess: async (result, variables) => {
      await Promise.all((options.invalidates ?? []).map((path) => invalidate(path)))
      options.onSuccess?.(result, variables)
    },
  })
}
