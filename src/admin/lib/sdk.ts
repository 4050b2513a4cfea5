import Medusa from "@medusajs/js-sdk"

/**
 * The admin's Medusa JS SDK client, configured the way the dashboard configures its own
 * (@medusajs/dashboard src/lib/client): the backend URL and auth type are build-time constants
 * the admin bundler defines. `typeof` guards keep a bundle that was built without them working
 * (same origin, session cookie) instead of throwing a ReferenceError.
 */

declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: "session" | "jwt" | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

export const backendUrl: string = (typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__) || "/"

export const authType: "session" | "jwt" = (typeof __AUTH_TYPE__ !== "undefined" && __AUTH_TYPE__) || "session"

const jwtTokenStorageKey = (typeof __JWT_TOKEN_STORAGE_KEY__ !== "undefined" && __JWT_TOKEN_STORAGE_KEY__) || undefined

export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: { type: authType, jwtTokenStorageKey },
})
