import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createAdminCaller, type AdminCaller } from "../helpers/admin-auth"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, createCustomers, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(120_000)

type Row = { id: string }
const ids = (rows: Row[]) => rows.map((row) => row.id)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let admin: AdminCaller
    let container: MedusaContainer

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
    })

    const get = (url: string) => http.get(url, admin.headers)
    const post = (url: string, body: unknown) => http.post(url, body, admin.headers)

    describe("POST /admin/mlm/distributors", () => {
      it("creates a distributor for an existing customer under a sponsor id, a sponsor code, or the house", async () => {
        const tree = await buildTree(container, { sponsor: null })
        const [byId, byCode, underHouse] = await createCustomers(container, [
          { email: "by-id@admin.test", first_name: "Ida" },
          { email: "by-code@admin.test", first_name: "Cody" },
          { email: "house@admin.test", first_name: "Hugo" },
        ])
        const house = await mlmOf(container).ensureHouse()

        const first = await post("/admin/mlm/distributors", { customer_id: byId, sponsor_id: tree.sponsor.id, status: "pending" })
        const second = await post("/admin/mlm/distributors", {
          customer_id: byCode,
          sponsor_referral_code: tree.sponsor.referral_code.toLowerCase(),
        })
        const third = await post("/admin/mlm/distributors", { customer_id: underHouse })

        expect([first.status, second.status, third.status]).toEqual([201, 201, 201])
        expect(first.data.distributor).toMatchObject({
          customer_id: byId,
          sponsor_id: tree.sponsor.id,
          status: "pending",
          depth: 2,
          is_house: false,
          customer: { id: byId, email: "by-id@admin.test", first_name: "Ida", last_name: "Tree" },
        })
        expect(second.data.distributor).toMatchObject({ customer_id: byCode, sponsor_id: tree.sponsor.id, status: "active" })
        expect(third.data.distributor).toMatchObject({ customer_id: underHouse, sponsor_id: house.id, depth: 1 })
      })

      it("answers 404 for unknown customers and sponsors, 400 for bad codes, 409 for an existing distributor", async () => {
        const tree = await buildTree(container, { sponsor: null, gone: null })
        await mlmOf(container).setStatus({ distributor_id: tree.gone.id, status: "terminated", actor_id: admin.userId, reason: "t" })
        const [fresh] = await createCustomers(container, [{ email: "fresh@admin.test", first_name: "Fred" }])

        const cases: [unknown, number, string][] = [
          [{ customer_id: "cus_missing" }, 404, "Customer cus_missing was not found"],
          [{ customer_id: fresh, sponsor_id: "mlmdist_missing" }, 404, "Distributor with id mlmdist_missing was not found"],
          [{ customer_id: fresh, sponsor_referral_code: "NOSUCH99" }, 400, "Referral code NOSUCH99 is unknown"],
          [
            { customer_id: fresh, sponsor_referral_code: tree.gone.referral_code },
            400,
            `Referral code ${tree.gone.referral_code} belongs to a terminated distributor`,
          ],
          [
            { customer_id: tree.sponsor.customer_id },
            409,
            `Customer ${tree.sponsor.customer_id} is already a distributor (${tree.sponsor.id})`,
          ],
          [
            { customer_id: fresh, sponsor_id: tree.sponsor.id, sponsor_referral_code: tree.sponsor.referral_code },
            400,
            "Invalid request: Give either sponsor_id or sponsor_referral_code, not both",
          ],
          [{ customer_id: fresh, is_house: true }, 400, "Invalid request: Unrecognized fields: 'is_house'"],
          [{ customer_id: fresh, status: "terminated" }, 400, "Invalid request: Expected: 'pending, active, suspended' for field 'status', but got: 'terminated'"],
          [{ customer_id: "cus_\u0000" }, 400, "Invalid request: customer_id must contain only letters, digits, '_' and '-'"],
          [{ customer_id: ["cus_1"] }, 400, "Invalid request: Expected type: 'string' for field 'customer_id', got: 'cus_1'"],
        ]
        for (const [body, status, message] of cases) {
          const response = await post("/admin/mlm/distributors", body)
          expect({ body, status: response.status, message: response.data.message }).toEqual({ body, status, message })
        }
        expect(await mlmOf(container).retrieveDistributorByCustomer(fresh)).toBeNull()
        const anonymous = await http.post("/admin/mlm/distributors", { customer_id: fresh }, {})
        expect(anonymous.status).toBe(401)
      })
    })

    describe("status changes and moves", () => {
      it("records who changed a status, when and why; terminated is final", async () => {
        const tree = await buildTree(container, { a: null })
        const url = `/admin/mlm/distributors/${tree.a.id}/status`

        const suspended = await post(url, { status: "suspended", reason: "chargeback review" })
        const terminated = await post(url, { status: "terminated", reason: "fraud confirmed" })
        const revived = await post(url, { status: "active", reason: "oops" })

        expect(suspended.status).toBe(200)
        expect(suspended.data.distributor).toMatchObject({ id: tree.a.id, status: "suspended" })
        expect(terminated.status).toBe(200)
        expect(revived.status).toBe(400)
        expect(revived.data.message).toBe("Distributor is terminated; terminated is final and cannot become active")
        const history = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/history`)).data
        expect(history.sponsor_moves).toEqual([])
        expect(
          history.status_changes.map((change: Record<string, unknown>) => [change.from_status, change.to_status, change.actor_id, change.reason])
        ).toEqual([
          ["active", "suspended", admin.userId, "chargeback review"],
          ["suspended", "terminated", admin.userId, "fraud confirmed"],
        ])
        expect(history.status_changes.every((change: { created_at: string }) => !Number.isNaN(Date.parse(change.created_at)))).toBe(true)

        const bad: [unknown, string][] = [
          [{ status: "active" }, "Invalid request: Field 'reason' is required"],
          [{ status: "gone", reason: "x" }, "Invalid request: Expected: 'pending, active, suspended, terminated' for field 'status', but got: 'gone'"],
          [{ status: "active", reason: "x\u0000" }, "Invalid request: reason must not contain NUL bytes"],
          [{ status: "active", reason: "x", actor_id: "someone" }, "Invalid request: Unrecognized fields: 'actor_id'"],
        ]
        for (const [body, message] of bad) {
          const response = await post(url, body)
          expect({ body, status: response.status, message: response.data.message }).toEqual({ body, status: 400, message })
        }
        const missing = await post("/admin/mlm/distributors/mlmdist_missing/status", { status: "active", reason: "x" })
        expect(missing.status).toBe(404)
        expect(missing.data.message).toBe("Distributor with id mlmdist_missing was not found")
      })

      it("moves a distributor with its subtree, records the move, and refuses cycles with a 409", async () => {
        // house -> a -> b -> c ; house -> d
        const tree = await buildTree(container, { a: null, b: "a", c: "b", d: null })
        const house = await mlmOf(container).ensureHouse()

        const moved = await post(`/admin/mlm/distributors/${tree.b.id}/move`, { sponsor_id: tree.d.id, reason: "rep request" })
        expect(moved.status).toBe(200)
        expect(moved.data.distributor).toMatchObject({ id: tree.b.id, sponsor_id: tree.d.id, depth: 2 })
        const cDetail = expectOk(await get(`/admin/mlm/distributors/${tree.c.id}`)).data.distributor
        expect(cDetail.depth).toBe(3)
        expect(ids(cDetail.upline)).toEqual([house.id, tree.d.id, tree.b.id])
        const history = expectOk(await get(`/admin/mlm/distributors/${tree.b.id}/history`)).data
        expect(history.sponsor_moves).toEqual([
          expect.objectContaining({
            distributor_id: tree.b.id,
            from_sponsor_id: tree.a.id,
            to_sponsor_id: tree.d.id,
            subtree_size: 2,
            actor_id: admin.userId,
            reason: "rep request",
          }),
        ])

        const intoOwnSubtree = await post(`/admin/mlm/distributors/${tree.d.id}/move`, { sponsor_id: tree.c.id, reason: "x" })
        const underItself = await post(`/admin/mlm/distributors/${tree.d.id}/move`, { sponsor_id: tree.d.id, reason: "x" })
        expect([intoOwnSubtree.status, underItself.status]).toEqual([409, 409])
        expect(intoOwnSubtree.data.message).toBe(
          `Moving ${tree.d.id} under ${tree.c.id} would create a cycle: the new sponsor is in its own downline`
        )
        const houseMove = await post(`/admin/mlm/distributors/${house.id}/move`, { sponsor_id: tree.a.id, reason: "x" })
        expect(houseMove.status).toBe(400)
        expect(houseMove.data.message).toBe("The house distributor is the root and cannot be moved")
        const unknownNode = await post("/admin/mlm/distributors/mlmdist_missing/move", { sponsor_id: tree.a.id, reason: "x" })
        const unknownSponsor = await post(`/admin/mlm/distributors/${tree.a.id}/move`, { sponsor_id: "mlmdist_missing", reason: "x" })
        expect([unknownNode.status, unknownSponsor.status]).toEqual([404, 404])
        expect(unknownSponsor.data.message).toBe("Sponsor with id mlmdist_missing was not found")
        const noReason = await post(`/admin/mlm/distributors/${tree.a.id}/move`, { sponsor_id: tree.d.id })
        expect(noReason.status).toBe(400)
        expect(noReason.data.message).toBe("Invalid request: Field 'reason' is required")
      })

      it("concurrent moves that together would close a cycle leave the tree acyclic", async () => {
        // Six siblings under the house; moving each under the next, all at once, would form a ring.
        const names = ["r1", "r2", "r3", "r4", "r5", "r6"]
        const tree = await buildTree(container, Object.fromEntries(names.map((name) => [name, null])))
        const house = await mlmOf(container).ensureHouse()
        // And pairs moving under each other at the same time.
        const pairs = await buildTree(container, { p1: null, q1: null, p2: null, q2: null })

        const moves = [
          ...names.map((name, index) => [tree[name].id, tree[names[(index + 1) % names.length]].id]),
          [pairs.p1.id, pairs.q1.id],
          [pairs.q1.id, pairs.p1.id],
          [pairs.p2.id, pairs.q2.id],
          [pairs.q2.id, pairs.p2.id],
        ]
        const responses = await Promise.all(
          moves.map(([node, sponsor]) => post(`/admin/mlm/distributors/${node}/move`, { sponsor_id: sponsor, reason: "race" }))
        )

        const statuses = responses.map((response) => response.status)
        expect(statuses.every((status) => status === 200 || status === 409)).toBe(true)
        expect(statuses.filter((status) => status === 409).length).toBeGreaterThanOrEqual(3)
        const everyone = [...names.map((name) => tree[name].id), pairs.p1.id, pairs.q1.id, pairs.p2.id, pairs.q2.id]
        const mlm = mlmOf(container)
        for (const id of everyone) {
          // Walk the sponsor pointers: they must reach the house without revisiting a node, and
          // the stored path (upline) must agree with the pointers.
          const chain: string[] = []
          let current = await mlm.getDistributor(id)
          while (current.sponsor_id) {
            expect(chain).not.toContain(current.sponsor_id)
            chain.unshift(current.sponsor_id)
            current = await mlm.getDistributor(current.sponsor_id)
          }
          expect(chain[0]).toBe(house.id)
          const detail = expectOk(await get(`/admin/mlm/distributors/${id}`)).data.distributor
          expect(ids(detail.upline)).toEqual(chain)
          expect(detail.depth).toBe(chain.length)
        }
      })
    })

    describe("reading the tree", () => {
      // house -> a -> b -> c -> d ; a -> e ; house -> f
      async function sampleTree() {
        return buildTree(container, { a: null, b: "a", c: "b", d: "c", e: "a", f: null })
      }

      it("lists, filters, searches and sorts distributors with pagination", async () => {
        const tree = await sampleTree()
        const mlm = mlmOf(container)
        await mlm.setStatus({ distributor_id: tree.f.id, status: "suspended", actor_id: admin.userId, reason: "t" })
        const all = [tree.a, tree.b, tree.c, tree.d, tree.e, tree.f]
        const house = await mlm.ensureHouse()

        const byCode = expectOk(await get("/admin/mlm/distributors?order=referral_code&limit=100")).data
        expect(byCode.count).toBe(7)
        expect(byCode.distributors.map((row: { referral_code: string }) => row.referral_code)).toEqual(
          [...all.map((row) => row.referral_code), house.referral_code].sort()
        )
        const page = expectOk(await get("/admin/mlm/distributors?order=-referral_code&limit=2&offset=1")).data
        expect(page).toMatchObject({ count: 7, limit: 2, offset: 1 })
        expect(page.distributors.map((row: { referral_code: string }) => row.referral_code)).toEqual(
          [...all.map((row) => row.referral_code), house.referral_code].sort().reverse().slice(1, 3)
        )
        const deepest = expectOk(await get("/admin/mlm/distributors?order=-depth&limit=1")).data
        expect(ids(deepest.distributors)).toEqual([tree.d.id])

        const suspended = expectOk(await get("/admin/mlm/distributors?status=suspended")).data
        expect(ids(suspended.distributors)).toEqual([tree.f.id])
        const frontline = expectOk(await get(`/admin/mlm/distributors?sponsor_id=${tree.a.id}&order=referral_code`)).data
        expect(ids(frontline.distributors).sort()).toEqual([tree.b.id, tree.e.id].sort())

        const byEmail = expectOk(await get("/admin/mlm/distributors?q=c@tree")).data
        expect(ids(byEmail.distributors)).toEqual([tree.c.id])
        expect(byEmail.distributors[0].customer).toEqual({
          id: tree.c.customer_id,
          email: "c@tree.test",
          first_name: "C",
          last_name: "Tree",
        })
        const byCodePrefix = expectOk(await get(`/admin/mlm/distributors?q=${tree.e.referral_code.slice(0, 8).toLowerCase()}`)).data
        expect(ids(byCodePrefix.distributors)).toContain(tree.e.id)
      })

      it("shows one distributor with upline, downline counts per level, and a depth-limited downline page", async () => {
        const tree = await sampleTree()
        const house = await mlmOf(container).ensureHouse()

        const detail = expectOk(await get(`/admin/mlm/distributors/${tree.c.id}`)).data.distributor
        expect(detail).toMatchObject({
          id: tree.c.id,
          depth: 3,
          sponsor_id: tree.b.id,
          customer: { email: "c@tree.test" },
          downline_counts: [{ level: 1, count: 1 }],
          downline_max_depth: 20,
        })
        expect(ids(detail.upline)).toEqual([house.id, tree.a.id, tree.b.id])

        const aDetail = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}?depth=2`)).data.distributor
        expect(aDetail.downline_counts).toEqual([
          { level: 1, count: 2 },
          { level: 2, count: 1 },
        ])

        const downline = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/downline?depth=2&order=level`)).data
        expect(downline).toMatchObject({ count: 3, depth: 2, limit: 20, offset: 0 })
        expect(
          Object.fromEntries(downline.downline.map((row: { id: string; level: number }) => [row.id, row.level]))
        ).toEqual({ [tree.b.id]: 1, [tree.e.id]: 1, [tree.c.id]: 2 })
        const full = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/downline`)).data
        expect(full.count).toBe(4)
        const suspendedOnly = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/downline?status=suspended`)).data
        expect(suspendedOnly).toMatchObject({ downline: [], count: 0 })

        const missing = await get("/admin/mlm/distributors/mlmdist_missing")
        const missingDownline = await get("/admin/mlm/distributors/mlmdist_missing/downline")
        const missingHistory = await get("/admin/mlm/distributors/mlmdist_missing/history")
        expect([missing.status, missingDownline.status, missingHistory.status]).toEqual([404, 404, 404])
      })

      it("rejects every malformed query or id with a 400 naming the problem, never a 500", async () => {
        const tree = await sampleTree()
        const cases: [string, string][] = [
          ["/admin/mlm/distributors?limit=0", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
          ["/admin/mlm/distributors?limit=1000", "Invalid request: Value for field 'limit' too big, expected at most: '100'"],
          ["/admin/mlm/distributors?offset=-5", "Invalid request: Value for field 'offset' too small, expected at least: '0'"],
          [
            "/admin/mlm/distributors?order=customer.email",
            "Invalid request: Expected: 'enrolled_at, -enrolled_at, referral_code, -referral_code, created_at, -created_at, depth, -depth' for field 'order', but got: 'customer.email'",
          ],
          ["/admin/mlm/distributors?status=gone", "Invalid request: Expected: 'pending, active, suspended, terminated' for field 'status', but got: 'gone'"],
          ["/admin/mlm/distributors?q=a%00b", "Invalid request: q must not contain NUL bytes"],
          ["/admin/mlm/distributors?sponsor_id=x%00y", "Invalid request: sponsor_id must contain only letters, digits, '_' and '-'"],
          ["/admin/mlm/distributors?path=1", "Invalid request: Unrecognized fields: 'path'"],
          ["/admin/mlm/distributors?fields=*customer", "Invalid request: Unrecognized fields: 'fields'"],
          ["/admin/mlm/distributors?x.y.z=1", "Invalid request: Unrecognized fields: 'x.y.z'"],
          [`/admin/mlm/distributors/${tree.a.id}?depth=21`, "Invalid request: Value for field 'depth' too big, expected at most: '20'"],
          [`/admin/mlm/distributors/${tree.a.id}/downline?depth=101`, "Invalid request: Value for field 'depth' too big, expected at most: '100'"],
          [`/admin/mlm/distributors/${tree.a.id}/downline?depth=21`, "Invalid request: Value for field 'depth' too big, expected at most: '20'"],
          [`/admin/mlm/distributors/${tree.a.id}/downline?order=-level`, "Invalid request: Expected: 'level, enrolled_at, referral_code' for field 'order', but got: '-level'"],
          [`/admin/mlm/distributors/${tree.a.id}/history?limit=5`, "Invalid request: Unrecognized fields: 'limit'"],
          ["/admin/mlm/distributors/mlmdist%00x", "Invalid request: id: id must contain only letters, digits, '_' and '-'"],
          [`/admin/mlm/distributors/${"x".repeat(65)}/downline`, "Invalid request: id: Too big: expected string to have <=64 characters"],
        ]
        for (const [url, message] of cases) {
          const response = await get(url)
          expect({ url, status: response.status, message: response.data.message }).toEqual({ url, status: 400, message })
        }
      })
    })
  },
})
