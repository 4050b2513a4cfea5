import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { registerCustomer, type CustomerCaller } from "../helpers/customer-auth"
import { httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"
import { createStoreFixture, type StoreFixture } from "../helpers/store-fixture"

jest.setTimeout(120_000)

const ADMIN_ACTOR = "user_test_fixture"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let store: StoreFixture
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      store = await createStoreFixture(container)
    })

    // A shopper who can log in, plus a sponsor tree: house -> sponsor (active),
    // sleeper (suspended), gone (terminated).
    async function shopperAndSponsors(email = "shopper@store.test") {
      const shopper = await registerCustomer(http, store.storeHeaders, { email, first_name: "Sam" })
      const tree = await buildTree(container, { sponsor: null, sleeper: null, gone: null })
      const mlm = mlmOf(container)
      await mlm.setStatus({ distributor_id: tree.sleeper.id, status: "suspended", actor_id: ADMIN_ACTOR, reason: "test" })
      await mlm.setStatus({ distributor_id: tree.gone.id, status: "terminated", actor_id: ADMIN_ACTOR, reason: "test" })
      return { shopper, tree }
    }

    describe("POST /store/mlm/enroll", () => {
      it("enrolls the caller under the code's owner (codes are case-insensitive), then answers 409", async () => {
        const { shopper, tree } = await shopperAndSponsors()
        const code = tree.sponsor.referral_code

        const created = await http.post("/store/mlm/enroll", { referral_code: `  ${code.toLowerCase()} ` }, shopper.headers)

        expect(created.status).toBe(201)
        const mine = await mlmOf(container).retrieveDistributorByCustomer(shopper.customerId)
        expect(mine!.sponsor_id).toBe(tree.sponsor.id)
        expect(created.data.distributor).toEqual({
          id: mine!.id,
          referral_code: mine!.referral_code,
          referral_link: `/join?ref=${mine!.referral_code}`,
          status: "active",
          enrolled_at: expect.any(String),
          sponsor_referral_code: code,
          downline_counts: [],
        })

        const again = await http.post("/store/mlm/enroll", { referral_code: code }, shopper.headers)
        expect(again.status).toBe(409)
        expect(again.data.message).toBe("You are already a distributor")
      })

      it("refuses unknown, suspended and terminated codes with a 400 saying which, creating nothing", async () => {
        const { shopper, tree } = await shopperAndSponsors()

        const unknown = await http.post("/store/mlm/enroll", { referral_code: "NOSUCH99" }, shopper.headers)
        const suspended = await http.post("/store/mlm/enroll", { referral_code: tree.sleeper.referral_code }, shopper.headers)
        const terminated = await http.post("/store/mlm/enroll", { referral_code: tree.gone.referral_code }, shopper.headers)

        expect([unknown.status, suspended.status, terminated.status]).toEqual([400, 400, 400])
        expect(unknown.data.message).toBe("Referral code NOSUCH99 is unknown")
        expect(suspended.data.message).toBe(
          `Referral code ${tree.sleeper.referral_code} belongs to a suspended distributor`
        )
        expect(terminated.data.message).toBe(
          `Referral code ${tree.gone.referral_code} belongs to a terminated distributor`
        )
        expect(await mlmOf(container).retrieveDistributorByCustomer(shopper.customerId)).toBeNull()
      })

      it("needs a logged-in customer and a publishable key", async () => {
        const { shopper, tree } = await shopperAndSponsors()
        const body = { referral_code: tree.sponsor.referral_code }

        const anonymous = await http.post("/store/mlm/enroll", body, store.storeHeaders)
        const forgedToken = await http.post("/store/mlm/enroll", body, {
          ...store.storeHeaders,
          authorization: "Bearer not-a-jwt",
        })
        const { "x-publishable-api-key": _key, ...withoutKey } = shopper.headers
        const noKey = await http.post("/store/mlm/enroll", body, withoutKey)

        expect(anonymous.status).toBe(401)
        expect(forgedToken.status).toBe(401)
        expect(noKey.status).toBe(400)
        expect(noKey.data.message).toMatch(/Publishable API key required/)
        expect(await mlmOf(container).retrieveDistributorByCustomer(shopper.customerId)).toBeNull()
      })

      it("rejects bad bodies with a 400 naming the problem", async () => {
        const { shopper, tree } = await shopperAndSponsors()
        const cases: [unknown, string][] = [
          [{}, "Invalid request: Field 'referral_code' is required"],
          [
            { referral_code: tree.sponsor.referral_code, sponsor_id: tree.sponsor.id },
            "Invalid request: Unrecognized fields: 'sponsor_id'",
          ],
          [{ referral_code: "AB\u0000CD" }, "Invalid request: referral_code must contain only letters, digits, '_' and '-'"],
          [{ referral_code: "X".repeat(65) }, "Invalid request: Value for field 'referral_code' too big, expected at most: '64'"],
          [{ referral_code: 12345678 }, "Invalid request: Expected type: 'string' for field 'referral_code', got: '12345678'"],
        ]
        for (const [body, message] of cases) {
          const response = await http.post("/store/mlm/enroll", body, shopper.headers)
          expect({ body, status: response.status, message: response.data.message }).toEqual({ body, status: 400, message })
        }
        const extraQuery = await http.post(`/store/mlm/enroll?customer_id=${tree.sponsor.customer_id}`, { referral_code: tree.sponsor.referral_code }, shopper.headers)
        expect(extraQuery.status).toBe(400)
        expect(extraQuery.data.message).toBe("Invalid request: Unrecognized fields: 'customer_id'")
        expect(await mlmOf(container).retrieveDistributorByCustomer(shopper.customerId)).toBeNull()
      })

      it("50 concurrent enrollments of one customer create exactly one distributor", async () => {
        const { shopper, tree } = await shopperAndSponsors()

        const responses = await Promise.all(
          Array.from({ length: 50 }, () =>
            http.post("/store/mlm/enroll", { referral_code: tree.sponsor.referral_code }, shopper.headers)
          )
        )

        const statuses = responses.map((response) => response.status).sort()
        expect(statuses.filter((status) => status === 201)).toHaveLength(1)
        expect(statuses.filter((status) => status === 409)).toHaveLength(49)
        const rows = await mlmOf(container).listDistributors({ customer_id: shopper.customerId })
        expect(rows).toHaveLength(1)
        const winner = responses.find((response) => response.status === 201)!
        expect(winner.data.distributor.id).toBe(rows[0].id)
      })
    })

    describe("GET /store/mlm/me and /store/mlm/me/downline", () => {
      // house -> up -> me -> c1 -> g1
      //                   -> c2
      //             -> sib -> sibChild
      async function callerInTree(): Promise<{ caller: CustomerCaller; ids: Record<string, string> }> {
        const caller = await registerCustomer(http, store.storeHeaders, { email: "me@store.test", first_name: "Mia" })
        const upper = await buildTree(container, { up: null, sib: "up", sibChild: "sib" })
        const mlm = mlmOf(container)
        const { distributor: me } = await mlm.enroll({ customer_id: caller.customerId, sponsor_id: upper.up.id, source: "seed" })
        const lower = await buildTree(container, { c1: null, c2: null })
        await mlm.moveSponsor({ distributor_id: lower.c1.id, new_sponsor_id: me.id, actor_id: ADMIN_ACTOR, reason: "test" })
        await mlm.moveSponsor({ distributor_id: lower.c2.id, new_sponsor_id: me.id, actor_id: ADMIN_ACTOR, reason: "test" })
        const leaf = await buildTree(container, { g1: null })
        await mlm.moveSponsor({ distributor_id: leaf.g1.id, new_sponsor_id: lower.c1.id, actor_id: ADMIN_ACTOR, reason: "test" })
        return {
          caller,
          ids: {
            up: upper.up.id,
            sib: upper.sib.id,
            sibChild: upper.sibChild.id,
            me: me.id,
            c1: lower.c1.id,
            c2: lower.c2.id,
            g1: leaf.g1.id,
          },
        }
      }

      it("me is 404 for a customer who is not a distributor, 401 without a login", async () => {
        const shopper = await registerCustomer(http, store.storeHeaders, { email: "plain@store.test", first_name: "Pat" })

        const notDistributor = await http.get("/store/mlm/me", shopper.headers)
        const anonymous = await http.get("/store/mlm/me", store.storeHeaders)
        const anonymousDownline = await http.get("/store/mlm/me/downline", store.storeHeaders)

        expect(notDistributor.status).toBe(404)
        expect(notDistributor.data.message).toBe("You are not a distributor")
        expect(anonymous.status).toBe(401)
        expect(anonymousDownline.status).toBe(401)
      })

      it("me returns the caller's own record, its sponsor's code only, and counts per level", async () => {
        const { caller, ids } = await callerInTree()
        const mlm = mlmOf(container)
        const me = await mlm.getDistributor(ids.me)
        const up = await mlm.getDistributor(ids.up)

        const response = await http.get("/store/mlm/me", caller.headers)

        expect(response.status).toBe(200)
        expect(response.data.distributor).toEqual({
          id: ids.me,
          referral_code: me.referral_code,
          referral_link: `/join?ref=${me.referral_code}`,
          status: "active",
          enrolled_at: expect.any(String),
          sponsor_referral_code: up.referral_code,
          downline_counts: [
            { level: 1, count: 2 },
            { level: 2, count: 1 },
          ],
        })
      })

      it("me/downline lists exactly the caller's subtree: no upline, no sibling branch", async () => {
        const { caller, ids } = await callerInTree()

        const response = await http.get("/store/mlm/me/downline?limit=100", caller.headers)

        expect(response.status).toBe(200)
        expect(response.data.count).toBe(3)
        const byId = Object.fromEntries(
          response.data.downline.map((row: { id: string; level: number }) => [row.id, row.level])
        )
        expect(byId).toEqual({ [ids.c1]: 1, [ids.c2]: 1, [ids.g1]: 2 })
        for (const row of response.data.downline) {
          expect(Object.keys(row).sort()).toEqual(["enrolled_at", "first_name", "id", "level", "referral_code", "status"])
        }
        const g1 = response.data.downline.find((row: { id: string }) => row.id === ids.g1)
        expect(g1.first_name).toBe("G1")
        expect(JSON.stringify(response.data)).not.toMatch(/@tree\.test/)

        const frontline = await http.get("/store/mlm/me/downline?depth=1", caller.headers)
        expect(frontline.data.downline.map((row: { id: string }) => row.id).sort()).toEqual([ids.c1, ids.c2].sort())
        expect(frontline.data.count).toBe(2)

        const page = await http.get("/store/mlm/me/downline?order=level&limit=1&offset=2", caller.headers)
        expect(page.data).toMatchObject({ count: 3, limit: 1, offset: 2 })
        expect(page.data.downline.map((row: { id: string }) => row.id)).toEqual([ids.g1])
      })

      it("the sibling branch sees only its own child, never the caller's subtree", async () => {
        const { ids } = await callerInTree()
        const mlm = mlmOf(container)
        const sib = await mlm.getDistributor(ids.sib)
        // Log the sibling in: give its customer an emailpass identity the way a storefront would.
        const sibling = await registerCustomer(http, store.storeHeaders, { email: "sibling@store.test", first_name: "Sid" })
        const { distributor: sibAccount } = await mlm.enroll({ customer_id: sibling.customerId, sponsor_id: sib.sponsor_id, source: "seed" })
        await mlm.moveSponsor({ distributor_id: ids.sibChild, new_sponsor_id: sibAccount.id, actor_id: ADMIN_ACTOR, reason: "test" })

        const response = await http.get("/store/mlm/me/downline", sibling.headers)

        expect(response.status).toBe(200)
        expect(response.data.downline.map((row: { id: string }) => row.id)).toEqual([ids.sibChild])
      })

      it("rejects bad downline queries with a 400 naming the problem, never a 500", async () => {
        const { caller, ids } = await callerInTree()
        const cases: [string, string][] = [
          ["depth=21", "Invalid request: Value for field 'depth' too big, expected at most: '20'"],
          ["depth=0", "Invalid request: Value for field 'depth' too small, expected at least: '1'"],
          ["depth=abc", "Invalid request: Expected type: 'number' for field 'depth', got: 'abc'"],
          ["limit=101", "Invalid request: Value for field 'limit' too big, expected at most: '100'"],
          ["limit=0", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
          ["offset=-1", "Invalid request: Value for field 'offset' too small, expected at least: '0'"],
          ["order=email", "Invalid request: Expected: 'level, enrolled_at, referral_code' for field 'order', but got: 'email'"],
          [`root_id=${ids.up}`, "Invalid request: Unrecognized fields: 'root_id'"],
          ["fields=*customer", "Invalid request: Unrecognized fields: 'fields'"],
          ["a.b.c=1", "Invalid request: Unrecognized fields: 'a.b.c'"],
        ]
        for (const [queryString, message] of cases) {
          const response = await http.get(`/store/mlm/me/downline?${queryString}`, caller.headers)
          expect({ queryString, status: response.status, message: response.data.message }).toEqual({
            queryString,
            status: 400,
            message,
          })
        }
      })
    })
  },
})
