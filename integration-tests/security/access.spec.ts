import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createApiKeysWorkflow } from "@medusajs/medusa/core-flows"
import type { DistributorDTO } from "../../src/modules/mlm"
import { type MlmRole, type Permission, ROUTE_PERMISSIONS, roleGrants } from "../../src/api/security/permissions"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { activatePlanForTest } from "../helpers/commissions"
import { registerCustomer } from "../helpers/customer-auth"
import { httpClient, type HttpClient } from "../helpers/http"
import { createCustomers, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"
import { inputAttackTests } from "./access-input"
import { roleManagementTests } from "./access-roles"
import { storeScopeTests } from "./access-scope"
import {
  type AccessContext,
  type AttemptIds,
  attemptFor,
  auditRowsAfter,
  lastAuditSeq,
  type Logins,
  type Put,
  putWith,
  send,
  snapshotTables,
  type Tree,
} from "./access-fixture"

jest.setTimeout(240_000)

const NO_ROLE = "You have no MLM role; an MLM admin must grant one"
const UNDECLARED = "This MLM route declares no permission; it is denied by default"
const lacks = (role: string, permission: string) => `Your MLM role (${role}) does not grant the permission ${permission}`
const TABLE = Object.entries(ROUTE_PERMISSIONS) as [string, Permission][]
const PLAN = { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000, 500] }] }


medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let http: HttpClient
    let put: Put
    let store: StoreFixture
    let admin: AdminCaller
    let callers: Record<MlmRole | "none", AdminCaller>
    let tree: Tree
    let logins: Logins
    let ids: AttemptIds

    /** Customers who can log in, placed in the tree: house → U → M → D → DD, M → D2 → chain of 20; U → S → SC; house → X. */
    async function buildScopedTree(): Promise<{ tree: Tree; logins: Logins }> {
      const mlm = mlmOf(container)
      const house = await mlm.ensureHouse()
      const login = (name: string) => registerCustomer(http, store.storeHeaders, { email: `${name}@access.test`, first_name: name })
      const enroll = async (customerId: string, sponsor: DistributorDTO) =>
        (await mlm.enroll({ customer_id: customerId, sponsor_id: sponsor.id, source: "seed" })).distributor
      const plain = async (name: string, sponsor: DistributorDTO) =>
        enroll((await createCustomers(container, [{ email: `${name}@access.test`, first_name: name }]))[0], sponsor)
      const logins = { U: await login("u"), M: await login("m"), D: await login("d"), S: await login("s"), X: await login("x") }
      const U = await enroll(logins.U.customerId, house)
      const M = await enroll(logins.M.customerId, U)
      const D = await enroll(logins.D.customerId, M)
      const S = await enroll(logins.S.customerId, U)
      const X = await enroll(logins.X.customerId, house)
      const DD = await plain("dd", D)
      const D2 = await plain("d2", M)
      const SC = await plain("sc", S)
      const chain: DistributorDTO[] = []
      for (let i = 1; i <= 20; i++) chain.push(await plain(`chain${i}`, chain[i - 2] ?? D2))
      return { tree: { U, M, D, DD, D2, S, SC, X, chain }, logins }
    }

    /** One commission line per member (distinct amounts), and one available line for M. */
    async function seedLedger(planVersionId: string) {
      const exec = (await mlmOf(container).commissions()).db.exec
      const lines: [DistributorDTO, number, string][] = [
        [tree.U, 1000, "pending"], [tree.M, 2000, "pending"], [tree.M, 300, "available"],
        [tree.D, 4000, "pending"], [tree.S, 8000, "pending"], [tree.X, 16000, "pending"],
      ]
      for (const [index, [member, amount, status]] of lines.entries()) {
        await exec(
          `INSERT INTO mlm_ledger_line (source_kind, source_id, beneficiary_node, bonus, level, amount_minor, currency_code, plan_version_id, order_id, status)
           SELECT 'order', $1, node_id, 'unilevel', 1, $2, 'USD', $3, $1, $4 FROM mlm_distributor WHERE id = $5`,
          [`order_access_${index}`, amount, planVersionId, status, member.id]
        )
      }
    }

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      put = putWith(api)
      store = await createStoreFixture(container)
      admin = await createAdminCaller(container, http)
      callers = {
        admin,
        viewer: await createCallerWithRole(container, http, "viewer", "viewer@access.test"),
        support: await createCallerWithRole(container, http, "support", "support@access.test"),
        finance: await createCallerWithRole(container, http, "finance", "finance@access.test"),
        none: await createCallerWithRole(container, http, null, "no-role@access.test"),
      }
      ;({ tree, logins } = await buildScopedTree())
      const planVersionId = await activatePlanForTest(container, PLAN)
      await seedLedger(planVersionId)
      await mlmOf(container).setVariantCv(store.variantId, { cv_bp: 5000 })
      const [freshCustomerId] = await createCustomers(container, [{ email: "fresh@access.test", first_name: "Fresh" }])
      ids = {
        distributorId: tree.D.id,
        otherDistributorId: tree.X.id,
        freshCustomerId,
        planId: planVersionId.replace("mlmplv_", "mlmplan_"),
        variantId: store.variantId,
        ownUserId: "",
        adminUserId: admin.userId,
      }
    })

    describe("role escalation: each role is refused what it is not granted, and nothing changes", () => {
      async function expectRefusals(who: MlmRole | "none", expected: (permission: Permission) => string | null) {
        const caller = callers[who]
        const attempts = TABLE.filter(([, permission]) => expected(permission) !== null)
        const before = await snapshotTables(container)
        const seq = await lastAuditSeq(container)

        for (const [key, permission] of attempts) {
          const response = await send(http, put, attemptFor(key, { ...ids, ownUserId: caller.userId }), caller.headers)
          expect([key, response.status, response.data?.message]).toEqual([key, 403, expected(permission)])
        }

        expect(await snapshotTables(container)).toEqual(before)
        const audit = await auditRowsAfter(container, seq)
        expect(audit).toEqual(
          attempts.map(([key, permission]) => ({
            event: "authz_fail",
            actor_type: "user",
            actor_id: caller.userId,
            target_type: "route",
            target_id: key.split(" ")[1],
            outcome: "denied",
            before: null,
            after: {
              method: key.split(" ")[0],
              path: attemptFor(key, { ...ids, ownUserId: caller.userId }).url.split("?")[0],
              permission,
              role: who === "none" ? null : who,
            },
          }))
        )
        return attempts.length
      }

      it("a Medusa admin user without an MLM role is refused every MLM route", async () => {
        expect(await expectRefusals("none", () => NO_ROLE)).toBe(TABLE.length)
      })

      it.each(["viewer", "support", "finance"] as const)("%s is refused every route its role does not grant", async (role) => {
        const refused = await expectRefusals(role, (permission) => (roleGrants(role, permission) ? null : lacks(role, permission)))
        expect(refused).toBe(TABLE.filter(([, permission]) => !roleGrants(role, permission)).length)
      })

      it("each role reaches what it is granted", async () => {
        const get = (who: MlmRole, url: string) => http.get(url, callers[who].headers).then((r) => [who, url, r.status])
        expect(await get("viewer", `/admin/mlm/distributors/${tree.M.id}`)).toEqual(["viewer", `/admin/mlm/distributors/${tree.M.id}`, 200])
        expect(await get("support", "/admin/mlm/enrollments")).toEqual(["support", "/admin/mlm/enrollments", 200])
        expect(await get("finance", `/admin/mlm/distributors/${tree.M.id}/balances`)).toEqual(["finance", `/admin/mlm/distributors/${tree.M.id}/balances`, 200])
        const adjustment = await http.post("/admin/mlm/commissions/order_none/adjustments", { type: "cancel" }, callers.finance.headers)
        expect([adjustment.status, adjustment.data.message]).toEqual([404, "Order order_none has no commission record"])
        const suspended = await http.post(`/admin/mlm/distributors/${tree.SC.id}/status`, { status: "suspended", reason: "support test" }, callers.support.headers)
        expect([suspended.status, suspended.data.distributor.status]).toEqual([200, "suspended"])
      })

      it("denies paths Express would route in another spelling, HEAD, undeclared routes and secret API keys", async () => {
        for (const url of ["/ADMIN/MLM/LEDGER", "/admin/mlm/Ledger", "/admin/mlm/ledger/"]) {
          const response = await http.get(url, callers.viewer.headers)
          expect([url, response.status, response.data.message]).toEqual([url, 403, lacks("viewer", "money.read")])
        }
        const head = await api.head("/admin/mlm/ledger", { headers: callers.viewer.headers, validateStatus: () => true })
        expect(head.status).toBe(403)
        const undeclared = await http.get("/admin/mlm/no-such-route", admin.headers)
        expect([undeclared.status, undeclared.data.message]).toEqual([403, UNDECLARED])

        const { result: [secret] } = await createApiKeysWorkflow(container).run({
          input: { api_keys: [{ title: "access test", type: "secret", created_by: admin.userId }] },
        })
        const basic = { authorization: `Basic ${Buffer.from(`${secret.token}:`).toString("base64")}` }
        expect((await http.get("/admin/regions", basic)).status).toBe(200)
        const withKey = await http.get("/admin/mlm/distributors", basic)
        expect([withKey.status, withKey.data.message]).toEqual([403, NO_ROLE])
      })
    })

    // The other attacks, in files of their own, on the same booted store.
    const context = (): AccessContext => ({ container, http, put, admin, callers, tree, logins, store, ids })
    describe("role management", () => roleManagementTests(context))
    describe("distributor scope in the store", () => storeScopeTests(context))
    describe("mass assignment and injection", () => inputAttackTests(context))
  },
})
