import fs from "fs"
import path from "path"
import ts from "typescript"
import middlewares from "../../src/api/middlewares"
import { requireMlmPermission } from "../../src/api/security/permission-middleware"
import { MLM_ROLES, PERMISSIONS, type Permission, ROLE_PERMISSIONS, ROUTE_PERMISSIONS, roleGrants } from "../../src/api/security/permissions"
import { lookupRoutePermission } from "../../src/api/security/route-permission-lookup"

/**
 * Deny by default, checked against the file system: every handler a route file under
 * src/api/admin/mlm exports (as Medusa's router finds them) has exactly one entry in the
 * permission table, and the table names no route that does not exist.
 */

const API_DIR = path.resolve(__dirname, "../../src/api")
const MLM_ADMIN_DIR = path.join(API_DIR, "admin/mlm")
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return routeFiles(full)
    return /^route\.(ts|js)$/.test(entry.name) ? [full] : []
  })
}

/** `admin/mlm/distributors/[id]/route.ts` → `/admin/mlm/distributors/:id`, as Medusa derives it. */
function matcherOf(file: string): string {
  const folders = path.relative(API_DIR, path.dirname(file)).split(path.sep)
  return "/" + folders.map((folder) => folder.replace(/^\[(.+)\]$/, ":$1")).join("/")
}

/** Names a module exports, read with the TypeScript parser (declarations, `export { a as GET }`). */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
  const names: string[] = []
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) names.push(statement.name.text)
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text)
      }
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text)
    }
  }
  return names
}

const files = routeFiles(MLM_ADMIN_DIR)
const registered = files.flatMap((file) =>
  exportedNames(file)
    .filter((name) => HTTP_METHODS.includes(name))
    .map((method) => ({ key: `${method} ${matcherOf(file)}`, file: path.relative(API_DIR, file) }))
)
const table = ROUTE_PERMISSIONS as Record<string, Permission>

describe("every /admin/mlm route declares a permission", () => {
  it("finds the route files (the walk itself works)", () => {
    expect(files.length).toBeGreaterThanOrEqual(20)
    expect(registered.map((route) => route.key)).toEqual(
      expect.arrayContaining(["GET /admin/mlm/ledger", "POST /admin/mlm/distributors/:id/move", "PUT /admin/mlm/roles/:user_id"])
    )
  })

  it("has a permission for every exported handler", () => {
    const missing = registered.filter((route) => !(route.key in table)).map((route) => `${route.key} (${route.file})`)
    expect(missing).toEqual([])
  })

  it("names no route that no route file exports", () => {
    const existing = new Set(registered.map((route) => route.key))
    expect(Object.keys(table).filter((key) => !existing.has(key))).toEqual([])
  })

  it("uses only permissions of the vocabulary", () => {
    const unknown = Object.entries(table).filter(([, permission]) => !(permission in PERMISSIONS))
    expect(unknown).toEqual([])
  })

  it("lets no admin route opt out of Medusa's authentication (AUTHENTICATE = false)", () => {
    const optedOut = files.filter((file) => exportedNames(file).includes("AUTHENTICATE")).map((file) => path.relative(API_DIR, file))
    expect(optedOut).toEqual([])
  })

  it("registers the gate first, for every method, on the /admin/mlm mount", () => {
    const routes = middlewares.routes ?? []
    const gates = routes.filter((route) => route.middlewares?.includes(requireMlmPermission))
    expect(gates).toEqual([{ matcher: "/admin/mlm", middlewares: [requireMlmPermission] }])
    expect(routes[0]).toBe(gates[0])
    expect(gates[0].methods).toBeUndefined()
  })
})

describe("docs/security.md", () => {
  it("lists exactly the permission table, route by route", () => {
    const docs = fs.readFileSync(path.resolve(__dirname, "../../docs/security.md"), "utf8")
    const section = docs.split("### Every admin route and its permission")[1].split("\n## ")[0]
    const documented = [...section.matchAll(/^\| `([A-Z]+ \/admin\/mlm\/[^`]+)` \| `([a-z.]+)` \|/gm)].map((m) => [m[1], m[2]])
    expect(documented).toEqual(Object.entries(table))
  })
})

describe("lookupRoutePermission matches as Express routes", () => {
  it("resolves every table entry from a concrete path to itself", () => {
    for (const [key, permission] of Object.entries(table)) {
      const [method, matcher] = key.split(" ")
      const concrete = matcher.replace(/:[a-z_]+/g, "mlmdist_01ABC")
      expect([key, lookupRoutePermission(method, concrete)]).toEqual([key, { matcher, permission }])
    }
  })

  it("ignores case, one trailing slash and the query string; HEAD needs what GET needs", () => {
    const ledger = { matcher: "/admin/mlm/ledger", permission: "money.read" }
    expect(lookupRoutePermission("GET", "/ADMIN/Mlm/LEDGER")).toEqual(ledger)
    expect(lookupRoutePermission("get", "/admin/mlm/ledger/")).toEqual(ledger)
    expect(lookupRoutePermission("GET", "/admin/mlm/ledger?distributor_id=x&a=/admin/mlm/roles")).toEqual(ledger)
    expect(lookupRoutePermission("HEAD", "/admin/mlm/ledger")).toEqual(ledger)
  })

  it("prefers a static segment to a parameter", () => {
    expect(lookupRoutePermission("GET", "/admin/mlm/jobs/status")).toEqual({ matcher: "/admin/mlm/jobs/status", permission: "money.read" })
    expect(lookupRoutePermission("GET", "/admin/mlm/plan-versions/active")?.matcher).toBe("/admin/mlm/plan-versions/active")
  })

  it("finds nothing (deny) for other methods, paths, empty or extra segments", () => {
    const denied: [string, string][] = [
      ["POST", "/admin/mlm/ledger"],
      ["OPTIONS", "/admin/mlm/ledger"],
      ["PATCH", "/admin/mlm/roles/user_1"],
      ["GET", "/admin/mlm"],
      ["GET", "/admin/mlm/"],
      ["GET", "/admin/mlm/unknown"],
      ["GET", "/admin/mlm/ledger/extra"],
      ["GET", "/admin/mlm//ledger"],
      ["GET", "/admin/mlm/distributors//downline"],
      ["GET", "/admin/mlm/%6cedger"],
      ["GET", "admin/mlm/ledger"],
      ["DELETE", "/admin/mlm/roles"],
    ]
    for (const [method, url] of denied) expect([method, url, lookupRoutePermission(method, url)]).toEqual([method, url, null])
  })
})

describe("what each role grants", () => {
  const all = Object.keys(PERMISSIONS) as Permission[]
  const granted = (role: (typeof MLM_ROLES)[number]) => all.filter((permission) => roleGrants(role, permission))

  it("admin has every permission; every role reads the network and manages its own MFA", () => {
    expect(granted("admin")).toEqual(all)
    for (const role of MLM_ROLES) expect(ROLE_PERMISSIONS[role]).toEqual(expect.arrayContaining(["mlm.read", "self"]))
  })

  it("viewer only reads the network", () => {
    expect(granted("viewer")).toEqual(["mlm.read", "self"])
  })

  it("support keeps distributor records and personal data, no money, plans, roles or exports", () => {
    expect(granted("support")).toEqual(["mlm.read", "distributors.write", "pii.read", "pii.write", "self"])
  })

  it("finance has the ledger, payouts, jobs, exports and the audit trail, not the tree, plans or roles", () => {
    expect(granted("finance")).toEqual([
      "mlm.read", "pii.read", "money.read", "money.write", "payouts.read", "payouts.write", "jobs.write", "exports", "audit.read", "self",
    ])
  })

  it("gives role management and plan changes to admin alone", () => {
    const adminOnly = Object.entries(table)
      .filter(([, permission]) => MLM_ROLES.every((role) => role === "admin" || !roleGrants(role, permission)))
      .map(([key]) => key)
    expect(adminOnly).toEqual([
      "POST /admin/mlm/distributors/:id/erase",
      "POST /admin/mlm/plans",
      "POST /admin/mlm/plans/:id",
      "POST /admin/mlm/plans/:id/simulate",
      "POST /admin/mlm/plans/:id/activate",
      "POST /admin/mlm/variants/:variant_id/cv",
      "DELETE /admin/mlm/variants/:variant_id/cv",
      "GET /admin/mlm/roles",
      "PUT /admin/mlm/roles/:user_id",
      "DELETE /admin/mlm/roles/:user_id",
      "GET /admin/mlm/security/summary",
      "POST /admin/mlm/security/mfa-resets",
    ])
  })
})
