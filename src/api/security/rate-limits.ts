import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import Redis from "ioredis"
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible"
import { mlmService } from "../mlm-service"

/**
 * Abuse limits (docs/security.md, "MFA and abuse limits") with rate-limiter-flexible: counters in
 * the plugin's Redis (module option `redis_url`) so every server process shares them, with an
 * in-memory limiter as insurance when Redis does not answer; in memory alone when no Redis is
 * configured (one process, e.g. tests and the demo).
 *
 * Every limit is keyed by account where there is one, and by IP as well: Medusa trusts one proxy
 * hop (`trust proxy = 1`), so `req.ip` is whatever the last X-Forwarded-For entry says when the
 * port is reachable directly. An IP limit alone can be dodged by rotating that header; an
 * account limit cannot.
 *
 * Limits are generous on purpose: they stop scripted abuse, not people. Wrong MFA codes are
 * limited much harder by the per-account lock in the database (5 failures, 15 minutes).
 */
export const RATE_LIMITS = {
  /** POST /store/mlm/enroll (referral codes can be probed with it). 50 concurrent retries must pass. */
  store_enroll_customer: { points: 60, duration: 60 * 60 },
  store_enroll_ip: { points: 300, duration: 60 * 60 },
  /** Every /store/mlm/* route. */
  store_customer: { points: 300, duration: 60 },
  store_ip: { points: 1200, duration: 60 },
  /** MFA code checks (enroll/confirm and verify, admin and store), per account and per IP. */
  mfa_account: { points: 30, duration: 15 * 60 },
  mfa_ip: { points: 300, duration: 15 * 60 },
} as const

export type RateLimitName = keyof typeof RATE_LIMITS

type KeyOf = (req: MedusaRequest) => string | null
type Rule = { limit: RateLimitName; key: KeyOf }

const byIp: KeyOf = (req) => req.ip ?? req.socket?.remoteAddress ?? "unknown"
const byAccount: KeyOf = (req) => {
  const auth = (req as MedusaRequest & { auth_context?: { actor_type?: string; actor_id?: string } }).auth_context
  return auth?.actor_id ? `${auth.actor_type}:${auth.actor_id}` : null
}

const limiters = new Map<string, RateLimiterAbstract>()
let redisClient: { url: string; client: Redis } | undefined

function redisFor(url: string): Redis {
  if (redisClient?.url !== url) {
    // No offline queue: while Redis is away a command fails at once and the insurance limiter
    // answers, instead of requests waiting on a reconnect.
    redisClient = { url, client: new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) }
  }
  return redisClient.client
}

function limiterFor(name: RateLimitName, redisUrl: string | undefined): RateLimiterAbstract {
  const cacheKey = `${name}|${redisUrl ?? "memory"}`
  let limiter = limiters.get(cacheKey)
  if (!limiter) {
    const { points, duration } = RATE_LIMITS[name]
    const keyPrefix = `mlm:rl:${name}`
    const memory = new RateLimiterMemory({ points, duration, keyPrefix })
    limiter = redisUrl ? new RateLimiterRedis({ storeClient: redisFor(redisUrl), points, duration, keyPrefix, insuranceLimiter: memory }) : memory
    limiters.set(cacheKey, limiter)
  }
  return limiter
}

/** Seconds until the limiter that refused frees a point: what Retry-After says. */
function retryAfterSeconds(refusal: RateLimiterRes): number {
  return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))
}

export function tooManyRequests(res: MedusaResponse, seconds: number, message: string): void {
  res.setHeader("Retry-After", String(seconds))
  res.status(429).json({ type: "too_many_requests", message })
}

/**
 * A middleware consuming one point from each rule's limiter (account and IP); refused when any is
 * exhausted, with the longest wait in Retry-After.
 */
export function rateLimit(what: string, rules: Rule[]) {
  return async function mlmRateLimit(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): Promise<void> {
    const redisUrl = mlmService(req.scope).getOptions().redis_url
    let wait = 0
    for (const rule of rules) {
      const key = rule.key(req)
      if (key === null) continue
      try {
        await limiterFor(rule.limit, redisUrl).consume(key)
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) {
          // Neither Redis nor the insurance limiter answered: let the request through and say so;
          // the MFA lock and the database constraints still hold.
          req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`mlm: rate limiter ${rule.limit} failed: ${(refusal as Error).message}`)
          continue
        }
        wait = Math.max(wait, retryAfterSeconds(refusal))
      }
    }
    if (wait > 0) return tooManyRequests(res, wait, `Too many ${what} requests: try again in ${wait} seconds`)
    next()
  }
}

export const storeRateLimit = rateLimit("MLM store", [
  { limit: "store_customer", key: byAccount },
  { limit: "store_ip", key: byIp },
])

export const storeEnrollRateLimit = rateLimit("enrollment", [
  { limit: "store_enroll_customer", key: byAccount },
  { limit: "store_enroll_ip", key: byIp },
])

export const mfaRateLimit = rateLimit("MFA", [
  { limit: "mfa_account", key: byAccount },
  { limit: "mfa_ip", key: byIp },
])
