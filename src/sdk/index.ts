/**
 * A typed client for the distributor back office, on top of a storefront's `@medusajs/js-sdk`
 * instance (docs/api.md, "Distributor back office"):
 *
 *   import Medusa from "@medusajs/js-sdk"
 *   import { createMlmStoreClient } from "medusa-plugin-mlm/sdk"
 *   const sdk = new Medusa({ baseUrl, publishableKey })
 *   const mlm = createMlmStoreClient(sdk)
 *   const { rank_card } = await mlm.rank()
 *
 * Requests go through `sdk.client.fetch`, so they carry what the sdk carries (publishable key,
 * the customer's token or session cookie, locale); an error status rejects with the sdk's
 * `FetchError` (`status`, and the route's `message`). Every method takes the sdk's optional
 * per-request headers last, as the sdk's own methods do. The js-sdk is only a type here: the
 * storefront brings its own instance.
 */
import type Medusa from "@medusajs/js-sdk"
import type { ClientHeaders } from "@medusajs/js-sdk"
import type {
  MlmBalancesResponse,
  MlmCommissionsQuery,
  MlmCommissionsResponse,
  MlmDownlineQuery,
  MlmDownlineResponse,
  MlmEnrollBody,
  MlmEnrollResponse,
  MlmMeResponse,
  MlmMfaConfirmResponse,
  MlmMfaEnrollResponse,
  MlmMfaStatusResponse,
  MlmMfaVerifyBody,
  MlmMfaVerifyResponse,
  MlmRankQuery,
  MlmRankResponse,
  MlmStatementQuery,
  MlmStatementResponse,
  MlmVolumesQuery,
  MlmVolumesResponse,
} from "./types"

export * from "./types"

export interface MlmStoreClient {
  /** GET /store/mlm/me: the caller's profile and referral link. */
  me(headers?: ClientHeaders): Promise<MlmMeResponse>
  /** GET /store/mlm/me/downline: the caller's subtree, paginated and depth-limited. */
  downline(query?: MlmDownlineQuery, headers?: ClientHeaders): Promise<MlmDownlineResponse>
  /** POST /store/mlm/enroll: become a distributor under the code's owner. */
  enroll(body: MlmEnrollBody, headers?: ClientHeaders): Promise<MlmEnrollResponse>
  /** GET /store/mlm/me/statement: earnings by period, each line explained, with totals. */
  statement(query?: MlmStatementQuery, headers?: ClientHeaders): Promise<MlmStatementResponse>
  /** GET /store/mlm/me/rank: rank report card (requirements and progress in the period). */
  rank(query?: MlmRankQuery, headers?: ClientHeaders): Promise<MlmRankResponse>
  /** GET /store/mlm/me/volumes: personal and group volume of the last N periods. */
  volumes(query?: MlmVolumesQuery, headers?: ClientHeaders): Promise<MlmVolumesResponse>
  /** GET /store/mlm/me/commissions: the caller's commission lines, newest first. */
  commissions(query?: MlmCommissionsQuery, headers?: ClientHeaders): Promise<MlmCommissionsResponse>
  /** GET /store/mlm/me/balances: pending and available per currency. */
  balances(headers?: ClientHeaders): Promise<MlmBalancesResponse>
  mfa: {
    /** GET /store/mlm/mfa/status */
    status(headers?: ClientHeaders): Promise<MlmMfaStatusResponse>
    /** POST /store/mlm/mfa/enroll: a new TOTP secret, shown once. */
    enroll(headers?: ClientHeaders): Promise<MlmMfaEnrollResponse>
    /** POST /store/mlm/mfa/enroll/confirm: the first code; answers the recovery codes once. */
    confirm(body: { code: string }, headers?: ClientHeaders): Promise<MlmMfaConfirmResponse>
    /** POST /store/mlm/mfa/verify: completes a challenge for this login session. */
    verify(body: MlmMfaVerifyBody, headers?: ClientHeaders): Promise<MlmMfaVerifyResponse>
  }
}

type QueryValue = string | number
type Query = Record<string, QueryValue>

/** Drops absent parameters (the routes reject unknown and empty ones) and sends Dates as ISO text. */
function queryOf(params: object | undefined): Query | undefined {
  if (!params) return undefined
  const query: Query = {}
  for (const [key, value] of Object.entries(params) as [string, unknown][]) {
    if (value instanceof Date) query[key] = value.toISOString()
    else if (typeof value === "string" || typeof value === "number") query[key] = value
  }
  return Object.keys(query).length ? query : undefined
}

export function createMlmStoreClient(sdk: Medusa): MlmStoreClient {
  const get = <T>(path: string, params: object | undefined, headers: ClientHeaders | undefined) =>
    sdk.client.fetch<T>(path, { method: "GET", query: queryOf(params), headers })
  const post = <T>(path: string, body: object, headers: ClientHeaders | undefined) =>
    sdk.client.fetch<T>(path, { method: "POST", body: { ...body }, headers })

  return {
    me: (headers) => get<MlmMeResponse>("/store/mlm/me", undefined, headers),
    downline: (query, headers) => get<MlmDownlineResponse>("/store/mlm/me/downline", query, headers),
    enroll: (body, headers) => post<MlmEnrollResponse>("/store/mlm/enroll", body, headers),
    statement: (query, headers) => get<MlmStatementResponse>("/store/mlm/me/statement", query, headers),
    rank: (query, headers) => get<MlmRankResponse>("/store/mlm/me/rank", query, headers),
    volumes: (query, headers) => get<MlmVolumesResponse>("/store/mlm/me/volumes", query, headers),
    commissions: (query, headers) => get<MlmCommissionsResponse>("/store/mlm/me/commissions", query, headers),
    balances: (headers) => get<MlmBalancesResponse>("/store/mlm/me/balances", undefined, headers),
    mfa: {
      status: (headers) => get<MlmMfaStatusResponse>("/store/mlm/mfa/status", undefined, headers),
      enroll: (headers) => post<MlmMfaEnrollResponse>("/store/mlm/mfa/enroll", {}, headers),
      confirm: (body, headers) => post<MlmMfaConfirmResponse>("/store/mlm/mfa/enroll/confirm", body, headers),
      verify: (body, headers) => post<MlmMfaVerifyResponse>("/store/mlm/mfa/verify", body, headers),
    },
  }
}
