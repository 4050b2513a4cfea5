import { authType, backendUrl, sdk } from "./sdk"
import { createMlmClient, type MlmQuery } from "./mlm-http"

/**
 * Typed helpers for the plugin's admin routes, bound to the browser: same backend and auth as the
 * dashboard (session cookie, or the dashboard's bearer token when it runs with JWT auth).
 * Paths are relative to /admin/mlm (`mlmGet("/distributors", { q })`); encode ids with `mlmPath`.
 * Every refusal throws an `MlmApiError` (status, type, message, kind, retryAfterSeconds).
 */

export { MlmApiError, isMlmApiError, mlmPath, type MlmErrorKind, type MlmQuery } from "./mlm-http"

function absoluteBackendUrl(): string {
  if (typeof window === "undefined") return backendUrl
  return new URL(backendUrl, window.location.origin).toString()
}

export const mlmClient = createMlmClient({
  baseUrl: absoluteBackendUrl(),
  transport: (url, init) => fetch(url, init),
  credentials: authType === "session" ? "include" : "omit",
  headers: async (): Promise<Record<string, string>> => {
    if (authType !== "jwt") return {}
    const token = await sdk.client.getToken()
    return token ? { authorization: `Bearer ${token}` } : {}
  },
})

export function mlmGet<T>(path: string, query?: MlmQuery, signal?: AbortSignal): Promise<T> {
  return mlmClient.get<T>(path, query, signal)
}

export function mlmPost<T>(path: string, body: unknown = {}, query?: MlmQuery): Promise<T> {
  return mlmClient.post<T>(path, body, query)
}

export function mlmPut<T>(path: string, body: unknown = {}, query?: MlmQuery): Promise<T> {
  return mlmClient.put<T>(path, body, query)
}

export function mlmDelete<T>(path: string, query?: MlmQuery): Promise<T> {
  return mlmClient.delete<T>(path, query)
}

/** The raw response (e.g. a CSV export to save as a file); refusals still throw MlmApiError. */
export function mlmFetchRaw(path: string, query?: MlmQuery): Promise<Response> {
  return mlmClient.send({ method: "GET", path, query })
}
