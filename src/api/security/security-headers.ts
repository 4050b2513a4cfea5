import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"

/**
 * Response headers for every plugin route (docs/security.md, "Security headers"; OWASP Secure
 * Headers for APIs). Every /admin/mlm and /store/mlm response carries personal or money data, or
 * an error about them: nothing may be cached (Cache-Control: no-store), sniffed into HTML
 * (nosniff), rendered as a document that runs anything (CSP default-src 'none'), framed, read by
 * another origin's no-cors request (CORP), or leak its URL as a referrer. Responses are JSON
 * (or CSV downloads), so none of this restricts what they are for.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
}

// Express matches mount paths case-insensitively; so does this test.
const PLUGIN_PATH = /^\/(admin|store)\/mlm(\/|$)/i

export function setSecurityHeaders(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction): void {
  const path = (req.originalUrl ?? req.url).split("?")[0]
  if (PLUGIN_PATH.test(path)) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    // Nothing gains from knowing the server's framework.
    res.removeHeader("X-Powered-By")
  }
  next()
}

/**
 * Mounted on /admin and /store (not /admin/mlm): Medusa runs mounts with shorter paths first, so
 * the headers are set before the permission and MFA gates, and their refusals (403, 429) carry
 * them too. The path test keeps Medusa's own routes untouched. Only Medusa's authentication
 * (which runs before any plugin middleware) answers 401s without them.
 */
export const securityHeaderRoutes: MiddlewareRoute[] = [
  { matcher: "/admin", middlewares: [setSecurityHeaders] },
  { matcher: "/store", middlewares: [setSecurityHeaders] },
]
