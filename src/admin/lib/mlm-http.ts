/**
 * The admin UI's HTTP core for /admin/mlm/*, free of React and of the browser so unit tests run
 * it with Node's fetch types: URL building, the request, and the mapping of every refusal the
 * plugin documents (docs/api.md, docs/security.md) to one `MlmApiError` a component can act on.
 *
 * Why not the JS SDK's `client.fetch`: its FetchError keeps only the message and status, and the
 * UI needs the error `type`, `Retry-After`, `attempts_before_lock`, and the kind of 403 (MFA
 * required, step-up, no role, missing permission) to show the right prompt.
 */

export const MLM_ADMIN_BASE = "/admin/mlm"

export type MlmQueryValue = string | number | boolean | null | undefined | readonly (string | number)[]
export type MlmQuery = Record<string, MlmQueryValue>

/** What a refusal means for the UI; derived from the status and the server's documented message. */
export type MlmErrorKind =
  | "mfa_enroll" // no factor: enroll one
  | "mfa_confirm" // factor not confirmed yet
  | "mfa_challenge" // factor, but no challenge in this session
  | "mfa_step_up" // the action needs a challenge from the last 5 minutes
  | "mfa_locked" // 100 failures: only an administrator can reset it
  | "no_role" // the user has no MLM role
  | "forbidden" // the role lacks the permission (or another 403)
  | "unauthorized" // not logged in, or a wrong/replayed MFA code
  | "rate_limited" // 429, see retryAfterSeconds
  | "invalid" // 400
  | "not_found" // 404
  | "conflict" // 409
  | "server" // 5xx or an unexpected status
  | "network" // no answer at all

const FORBIDDEN_KINDS: [RegExp, MlmErrorKind][] = [
  [/^MFA is required: enroll/, "mfa_enroll"],
  [/^MFA is required: confirm/, "mfa_confirm"],
  [/^Complete an MFA challenge/, "mfa_challenge"],
  [/^This action needs an MFA challenge completed in the last/, "mfa_step_up"],
  [/^Replacing a confirmed TOTP factor needs an MFA challenge/, "mfa_step_up"],
  [/^MFA is locked after/, "mfa_locked"],
  [/^You have no MLM role/, "no_role"],
]

export function errorKindOf(status: number, message: string): MlmErrorKind {
  if (status === 0) return "network"
  if (status === 403) return FORBIDDEN_KINDS.find(([pattern]) => pattern.test(message))?.[1] ?? "forbidden"
  if (status === 401) return "unauthorized"
  if (status === 429) return "rate_limited"
  if (status === 400 || status === 413) return "invalid"
  if (status === 404) return "not_found"
  if (status === 409) return "conflict"
  return "server"
}

export class MlmApiError extends Error {
  override readonly name = "MlmApiError"
  readonly kind: MlmErrorKind

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly details: {
      /** Seconds to wait before trying again (429s: `Retry-After`, else the message's "in N seconds"). */
      retryAfterSeconds?: number
      /** Wrong MFA codes left before the account locks. */
      attemptsBeforeLock?: number
      body?: unknown
    } = {}
  ) {
    super(message)
    this.kind = errorKindOf(status, message)
  }

  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds
  }

  get attemptsBeforeLock(): number | undefined {
    return this.details.attemptsBeforeLock
  }

  /** The session must (again) pass the MFA gate before anything else answers. */
  get needsMfaGate(): boolean {
    return this.kind === "mfa_enroll" || this.kind === "mfa_confirm" || this.kind === "mfa_challenge"
  }

  get needsStepUp(): boolean {
    return this.kind === "mfa_step_up"
  }
}

export function isMlmApiError(error: unknown): error is MlmApiError {
  return error instanceof MlmApiError
}

/** `Retry-After` as seconds or an HTTP date; the rate-limit message as a fallback (CORS may hide the header). */
export function retryAfterSecondsOf(header: string | null, message: string, nowMs: number = Date.now()): number | undefined {
  if (header !== null && header.trim() !== "") {
    const text = header.trim()
    if (/^\d+$/.test(text)) return Number(text)
    const at = Date.parse(text)
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - nowMs) / 1000))
  }
  const inMessage = /try again in (\d+) seconds?/.exec(message)
  return inMessage ? Number(inMessage[1]) : undefined
}

type ErrorBody = { type?: unknown; message?: unknown; attempts_before_lock?: unknown }

/** A non-2xx response as an MlmApiError; a body that is not the `{ type, message }` shape still maps. */
export async function errorFromResponse(response: Response, nowMs: number = Date.now()): Promise<MlmApiError> {
  const text = await response.text().catch(() => "")
  let body: unknown = undefined
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  const fields: ErrorBody = body && typeof body === "object" ? (body as ErrorBody) : {}
  const message =
    typeof fields.message === "string" && fields.message !== ""
      ? fields.message
      : response.statusText || `Request failed with status ${response.status}`
  const type = typeof fields.type === "string" ? fields.type : "unknown_error"
  return new MlmApiError(response.status, type, message, {
    retryAfterSeconds: response.status === 429 ? retryAfterSecondsOf(response.headers.get("retry-after"), message, nowMs) : undefined,
    attemptsBeforeLock: typeof fields.attempts_before_lock === "number" ? fields.attempts_before_lock : undefined,
    body,
  })
}

/** `?a=1&b=x&b=y`: arrays repeat their key (the routes read `variant_id=a&variant_id=b`); empty values are left out. */
export function queryString(query: MlmQuery | undefined): string {
  if (!query) return ""
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ""
}

/** `/distributors` or `/admin/mlm/distributors` → `/admin/mlm/distributors`. */
export function mlmRoutePath(path: string): string {
  if (path === MLM_ADMIN_BASE || path.startsWith(`${MLM_ADMIN_BASE}/`)) return path
  return `${MLM_ADMIN_BASE}${path.startsWith("/") ? "" : "/"}${path}`
}

/** A path with its interpolated parts URL-encoded: mlmPath`/distributors/${id}/balances`. */
export function mlmPath(strings: TemplateStringsArray, ...parts: (string | number)[]): string {
  return strings.reduce((path, text, index) => path + text + (index < parts.length ? encodeURIComponent(String(parts[index])) : ""), "")
}

export type MlmTransport = (url: string, init: RequestInit) => Promise<Response>

export type MlmClientConfig = {
  /** Absolute origin (and optional path prefix) of the Medusa backend. */
  baseUrl: string
  transport: MlmTransport
  /** Extra headers per request (a bearer token when the admin uses JWT auth). */
  headers?: () => Promise<Record<string, string>> | Record<string, string>
  credentials?: RequestCredentials
  now?: () => number
}

export type MlmRequest = { method: "GET" | "POST" | "PUT" | "DELETE"; path: string; query?: MlmQuery; body?: unknown; signal?: AbortSignal }

export function createMlmClient(config: MlmClientConfig) {
  const base = config.baseUrl.replace(/\/+$/, "")

  /** The raw response of a successful request (a CSV download, say); refusals throw MlmApiError. */
  async function send(request: MlmRequest): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...(await config.headers?.()) }
    if (request.body !== undefined) headers["content-type"] = "application/json"
    let response: Response
    try {
      response = await config.transport(`${base}${mlmRoutePath(request.path)}${queryString(request.query)}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        credentials: config.credentials ?? "include",
        signal: request.signal,
      })
    } catch (error) {
      if ((error as Error)?.name === "AbortError") throw error
      throw new MlmApiError(0, "network_error", `The server could not be reached: ${(error as Error)?.message ?? String(error)}`)
    }
    if (!response.ok) throw await errorFromResponse(response, (config.now ?? Date.now)())
    return response
  }

  async function json<T>(request: MlmRequest): Promise<T> {
    const response = await send(request)
    if (response.status === 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  return {
    send,
    get: <T>(path: string, query?: MlmQuery, signal?: AbortSignal) => json<T>({ method: "GET", path, query, signal }),
    post: <T>(path: string, body: unknown = {}, query?: MlmQuery) => json<T>({ method: "POST", path, body, query }),
    put: <T>(path: string, body: unknown = {}, query?: MlmQuery) => json<T>({ method: "PUT", path, body, query }),
    delete: <T>(path: string, query?: MlmQuery) => json<T>({ method: "DELETE", path, query }),
  }
}

export type MlmClient = ReturnType<typeof createMlmClient>
