import { registerCustomer } from "../helpers/customer-auth"
import { mlmOf } from "../helpers/mlm-tree"
import { type AccessContext, snapshotTables } from "./access-fixture"

const unrecognized = (key: string) => `Invalid request: Unrecognized fields: '${key}'`

// What a body must never set (OWASP API3, ASVS 15.3.3): tree position, rank, status, amounts,
// prototype keys, and anything not in the route's schema.
const FORBIDDEN: Record<string, unknown> = {
  rank: "Diamond",
  sponsor_id: "mlmdist_attacker",
  status: "active",
  // Computed: a plain `__proto__:` in a literal would set the prototype, not add a key.
  ["__proto__"]: { polluted: true },
  constructor: { prototype: { polluted: true } },
  amount_minor: 1_000_000,
  is_admin: true,
}

/**
 * `base` plus one key, as the raw JSON text sent on the wire: axios drops an own `__proto__` key
 * when it serialises an object, so the body is sent as a string.
 */
function withKey(base: Record<string, unknown>, key: string, value: unknown): string {
  const rest = JSON.stringify(base).slice(1)
  return `{${JSON.stringify(key)}:${JSON.stringify(value)}${rest === "}" ? "}" : `,${rest}`}`
}
const JSON_TEXT = { "content-type": "application/json" }

export function inputAttackTests(context: () => AccessContext) {
  it("rejects rank, sponsor_id, status, __proto__, constructor, amounts and unknown keys on every write route (400), changing nothing", async () => {
    const { container, http, put, admin, tree, ids, store, callers } = context()
    const newcomer = await registerCustomer(http, store.storeHeaders, { email: "newcomer@access.test", first_name: "Nina" })
    const target = tree.chain[19]
    type Write = { method: "POST" | "PUT"; url: string; base: Record<string, unknown>; allowed: string[]; extra?: string[]; headers?: Record<string, string> }
    const writes: Write[] = [
      { method: "POST", url: "/admin/mlm/distributors", base: { customer_id: ids.freshCustomerId }, allowed: ["sponsor_id", "status"] },
      { method: "POST", url: `/admin/mlm/distributors/${target.id}/status`, base: { status: "suspended", reason: "r" }, allowed: ["status"], extra: ["actor_id"] },
      { method: "POST", url: `/admin/mlm/distributors/${target.id}/move`, base: { sponsor_id: tree.X.id, reason: "r" }, allowed: ["sponsor_id"] },
      { method: "POST", url: "/admin/mlm/commissions/order_access_1/adjustments", base: { type: "cancel" }, allowed: [], extra: ["actor_id", "net_cv_after"] },
      { method: "POST", url: "/admin/mlm/jobs/order-order_access_1/retry", base: {}, allowed: [] },
      { method: "POST", url: "/admin/mlm/plans", base: { name: "n", draft: {} }, allowed: [], extra: ["created_by"] },
      { method: "POST", url: `/admin/mlm/plans/${ids.planId}`, base: { name: "n2" }, allowed: [] },
      { method: "POST", url: `/admin/mlm/plans/${ids.planId}/validate`, base: {}, allowed: [] },
      { method: "POST", url: `/admin/mlm/plans/${ids.planId}/simulate`, base: { sample: { limit: 5 } }, allowed: [] },
      { method: "POST", url: `/admin/mlm/plans/${ids.planId}/activate`, base: { effective_from: "2031-01-01T00:00:00Z" }, allowed: [], extra: ["version", "hash"] },
      { method: "POST", url: `/admin/mlm/variants/${ids.variantId}/cv`, base: { cv_bp: 1 }, allowed: [], extra: ["updated_by"] },
      { method: "PUT", url: `/admin/mlm/roles/${callers.none.userId}`, base: { role: "viewer" }, allowed: [], extra: ["granted_by", "user_id"] },
      { method: "POST", url: "/store/mlm/enroll", base: { referral_code: tree.U.referral_code }, allowed: [], extra: ["customer_id"], headers: newcomer.headers },
    ]
    const before = await snapshotTables(container)

    const answers: unknown[][] = []
    const expected: unknown[][] = []
    for (const write of writes) {
      const keys = [...Object.keys(FORBIDDEN).filter((key) => !write.allowed.includes(key)), ...(write.extra ?? [])]
      for (const key of keys) {
        const body = withKey(write.base, key, FORBIDDEN[key] ?? "x")
        const headers = { ...(write.headers ?? admin.headers), ...JSON_TEXT }
        const response = write.method === "PUT" ? await put(write.url, body, headers) : await http.post(write.url, body, headers)
        answers.push([write.url, key, response.status, response.data.message])
        expected.push([write.url, key, 400, unrecognized(key)])
      }
    }
    expect(answers).toEqual(expected)
    // Nested objects are strict too (Medusa's message names the key without its path).
    const nested: [string, unknown][] = [
      [`/admin/mlm/plans/${ids.planId}/simulate`, { sample: { limit: 5, rank: "Diamond" } }],
      ["/admin/mlm/commissions/order_access_1/adjustments", { type: "return", items: [{ item_id: "i", quantity: 1, amount_minor: 5 }] }],
    ]
    const nestedAnswers = []
    for (const [url, body] of nested) {
      const response = await http.post(url, body, admin.headers)
      nestedAnswers.push([url, response.status, response.data.message])
    }
    expect(nestedAnswers).toEqual([
      [nested[0][0], 400, unrecognized("rank")],
      [nested[1][0], 400, unrecognized("amount_minor")],
    ])

    expect(answers).toHaveLength(97)
    expect(await snapshotTables(container)).toEqual(before)
    expect(await mlmOf(container).retrieveDistributorByCustomer(newcomer.customerId)).toBeNull()
    // The server runs in this process: a polluted Object.prototype would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("answers SQL injection through sort, filter, search and id parameters with 400 (search text with 200 and no match), changing nothing", async () => {
    const { container, http, admin, tree, logins } = context()
    const before = await snapshotTables(container)
    const cases: [string, "admin" | "store", string][] = [
      ["/admin/mlm/distributors?order=enrolled_at;DROP TABLE mlm_distributor;--", "admin", "Invalid request: Expected: 'enrolled_at, -enrolled_at, referral_code, -referral_code, created_at, -created_at, depth, -depth' for field 'order', but got: 'enrolled_at;DROP TABLE mlm_distributor;--'"],
      ["/admin/mlm/distributors?order=(CASE WHEN 1=1 THEN depth ELSE enrolled_at END)", "admin", "Invalid request: Expected: 'enrolled_at, -enrolled_at, referral_code, -referral_code, created_at, -created_at, depth, -depth' for field 'order', but got: '(CASE WHEN 1=1 THEN depth ELSE enrolled_at END)'"],
      ["/admin/mlm/distributors?status=active' OR '1'='1", "admin", "Invalid request: Expected: 'pending, active, suspended, terminated' for field 'status', but got: 'active' OR '1'='1'"],
      ["/admin/mlm/distributors?sponsor_id=x' OR '1'='1", "admin", "Invalid request: sponsor_id must contain only letters, digits, '_' and '-'"],
      ["/admin/mlm/distributors?limit=1;DELETE FROM mlm_distributor", "admin", "Invalid request: Expected type: 'number' for field 'limit', got: '1;DELETE FROM mlm_distributor'"],
      ["/admin/mlm/distributors?offset=0 UNION SELECT id FROM mlm_admin_role", "admin", "Invalid request: Expected type: 'number' for field 'offset', got: '0 UNION SELECT id FROM mlm_admin_role'"],
      ["/admin/mlm/distributors?order[$ne]=x", "admin", "Invalid request: Expected: 'enrolled_at, -enrolled_at, referral_code, -referral_code, created_at, -created_at, depth, -depth' for field 'order', but got: '[object Object]'"],
      [`/admin/mlm/distributors/${tree.M.id}/downline?order=level DESC`, "admin", "Invalid request: Expected: 'level, enrolled_at, referral_code' for field 'order', but got: 'level DESC'"],
      [`/admin/mlm/distributors/${tree.M.id}/downline?depth=1) OR (1=1`, "admin", "Invalid request: Expected type: 'number' for field 'depth', got: '1) OR (1=1'"],
      ["/admin/mlm/distributors/x' OR '1'='1/downline", "admin", "Invalid request: id: id must contain only letters, digits, '_' and '-'"],
      ["/admin/mlm/ledger?distributor_id=' OR 1=1--", "admin", "Invalid request: distributor_id must contain only letters, digits, '_' and '-'"],
      ["/admin/mlm/ledger?bonus=unilevel' OR '1'='1", "admin", "Invalid request: Expected: 'unilevel, retail_profit, fast_start, binary, matrix, matrix_completion, board_cycle, board_reentry_fee, stair_step, generation, matching, pool' for field 'bonus', but got: 'unilevel' OR '1'='1'"],
      ["/admin/mlm/ledger?status[]=pending&status[]=available", "admin", "Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'pending,available'"],
      ["/admin/mlm/enrollments?order_id=1' UNION SELECT user_id FROM mlm_admin_role--", "admin", "Invalid request: order_id must contain only letters, digits, '_' and '-'"],
      ["/admin/mlm/roles?role=admin' OR 'a'='a", "admin", "Invalid request: Expected: 'viewer, support, finance, admin' for field 'role', but got: 'admin' OR 'a'='a'"],
      ["/store/mlm/me/downline?order=level;DROP TABLE mlm_distributor;--", "store", "Invalid request: Expected: 'level, enrolled_at, referral_code' for field 'order', but got: 'level;DROP TABLE mlm_distributor;--'"],
      ["/store/mlm/me/downline?depth=1 OR 1=1", "store", "Invalid request: Expected type: 'number' for field 'depth', got: '1 OR 1=1'"],
      ["/store/mlm/me/commissions?status=pending' OR '1'='1", "store", "Invalid request: Expected: 'pending, available, canceled' for field 'status', but got: 'pending' OR '1'='1'"],
      ["/store/mlm/me/commissions?limit=200;--", "store", "Invalid request: Expected type: 'number' for field 'limit', got: '200;--'"],
    ]
    const answers = []
    for (const [url, who] of cases) {
      const response = await http.get(url, who === "admin" ? admin.headers : logins.M.headers)
      answers.push([url, response.status, response.data.message])
    }
    expect(answers).toEqual(cases.map(([url, , message]) => [url, 400, message]))
    // Free text is data, bound as a parameter: quotes find nothing and break nothing.
    for (const q of ["' OR '1'='1", "x'); DELETE FROM mlm_distributor; --", "%' OR 1=1 --"]) {
      const response = await http.get(`/admin/mlm/distributors?q=${encodeURIComponent(q)}`, admin.headers)
      expect([q, response.status, response.data.count]).toEqual([q, 200, 0])
    }
    expect(await snapshotTables(container)).toEqual(before)
  })
}
