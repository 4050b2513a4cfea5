import { type Permission, ROUTE_PERMISSIONS, type RouteKey } from "./permissions"

/**
 * Finds the permission a request needs from its method and raw path, matching the way Express 4
 * routes it (Medusa's router): case-insensitive, one optional trailing slash, `:param` = one
 * non-empty segment, and a static segment before a parameter (Medusa sorts static routes first).
 * HEAD runs the GET handler in Express, so it needs what GET needs. No match → null, which the
 * middleware answers with 403: a route the table does not name is denied, never let through.
 */

type CompiledRoute = { method: string; segments: string[]; matcher: string; permission: Permission }

function compile(table: Record<RouteKey, Permission>): CompiledRoute[] {
  return Object.entries(table).map(([key, permission]) => {
    const [method, matcher] = key.split(" ")
    return { method, matcher, permission, segments: matcher.split("/").slice(1).map((s) => s.toLowerCase()) }
  })
}

const ROUTES = compile(ROUTE_PERMISSIONS)

export type RouteMatch = { matcher: string; permission: Permission }

export function lookupRoutePermission(method: string, rawPath: string, routes: CompiledRoute[] = ROUTES): RouteMatch | null {
  const wanted = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase()
  const path = rawPath.split("?")[0]
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path
  if (!trimmed.startsWith("/")) return null
  const segments = trimmed.split("/").slice(1).map((s) => s.toLowerCase())
  let best: CompiledRoute | null = null
  for (const route of routes) {
    if (route.method !== wanted || !matches(route.segments, segments)) continue
    if (!best || moreSpecific(route.segments, best.segments)) best = route
  }
  return best ? { matcher: best.matcher, permission: best.permission } : null
}

function matches(pattern: string[], segments: string[]): boolean {
  if (pattern.length !== segments.length) return false
  return pattern.every((part, i) => (part.startsWith(":") ? segments[i].length > 0 : part === segments[i]))
}

/** At the first position where one is static and the other a parameter, the static one wins. */
function moreSpecific(a: string[], b: string[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const aParam = a[i].startsWith(":")
    const bParam = b[i].startsWith(":")
    if (aParam !== bParam) return !aParam
  }
  return false
}

/** For tests: the same matching over another table. */
export function compileRouteTable(table: Record<RouteKey, Permission>): CompiledRoute[] {
  return compile(table)
}
