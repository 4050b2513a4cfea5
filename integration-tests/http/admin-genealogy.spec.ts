import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { DistributorDTO } from "../../src/modules/mlm"
import type { SqlExec } from "../../src/modules/mlm/repositories/sql-exec"
import { createAdminCaller, createCallerWithRole, type AdminCaller } from "../helpers/admin-auth"
import { activatePlanForTest } from "../helpers/commissions"
import { expectOk, httpClient, type HttpClient } from "../helpers/http"
import { buildTree, mlmOf } from "../helpers/mlm-tree"

jest.setTimeout(180_000)

/**
 * The genealogy explorer's routes: GET /admin/mlm/distributors/:id/children (a node's direct
 * sponsor-tree children, page by page, with their own child counts) and
 * GET /admin/mlm/distributors/:id/children/placement (the placement trees, a seat's children by
 * position, a binary tree's carry from the plan's latest computed run for money.read).
 */

type Child = { id: string; child_count: number; customer: { email: string } | null }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let http: HttpClient
    let container: MedusaContainer
    let admin: AdminCaller
    let viewer: AdminCaller
    let exec: SqlExec
    let tree: Record<string, DistributorDTO>

    beforeAll(async () => {
      container = getContainer()
      http = httpClient(api)
      admin = await createAdminCaller(container, http)
      viewer = await createCallerWithRole(container, http, "viewer", "viewer@genealogy.test")
      exec = (await mlmOf(container).commissions()).db.exec
      // a sponsors b, c, d (in that order); b sponsors e and f; e sponsors g.
      tree = await buildTree(container, { a: null, b: "a", c: "a", d: "a", e: "b", f: "b", g: "e" })
    })

    const get = (url: string, caller: AdminCaller = admin) => http.get(url, caller.headers)
    const summary = (children: Child[]) => children.map((child) => [child.id, child.child_count, child.customer?.email])

    describe("GET /admin/mlm/distributors/:id/children", () => {
      it("answers a node's direct children in enrollment order, each with its own child count", async () => {
        const page = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children`)).data
        expect({ ...page, children: summary(page.children) }).toEqual({
          parent_id: tree.a.id,
          children: [
            [tree.b.id, 2, "b@tree.test"],
            [tree.c.id, 0, "c@tree.test"],
            [tree.d.id, 0, "d@tree.test"],
          ],
          count: 3,
          limit: 50,
          offset: 0,
        })
        expect(page.children[0]).toEqual({
          id: tree.b.id,
          customer_id: tree.b.customer_id,
          referral_code: tree.b.referral_code,
          status: tree.b.status,
          sponsor_id: tree.a.id,
          depth: 2,
          is_house: false,
          enrolled_at: tree.b.enrolled_at.toISOString(),
          created_at: expect.any(String),
          updated_at: expect.any(String),
          customer: { id: tree.b.customer_id, email: "b@tree.test", first_name: "B", last_name: "Tree" },
          child_count: 2,
        })

        const house = await mlmOf(container).ensureHouse()
        const top = expectOk(await get(`/admin/mlm/distributors/${house.id}/children`)).data
        expect(summary(top.children)).toEqual([[tree.a.id, 3, "a@tree.test"]])
        const deep = expectOk(await get(`/admin/mlm/distributors/${tree.e.id}/children`)).data
        expect([deep.count, summary(deep.children)]).toEqual([1, [[tree.g.id, 0, "g@tree.test"]]])
      })

      it("pages with limit and offset; a page past the end is empty but keeps the count; a leaf has none", async () => {
        const second = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children?limit=2&offset=1`)).data
        expect([second.count, second.limit, second.offset, second.children.map((c: Child) => c.id)]).toEqual([3, 2, 1, [tree.c.id, tree.d.id]])
        const past = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children?offset=3`)).data
        expect([past.count, past.children]).toEqual([3, []])
        const leaf = expectOk(await get(`/admin/mlm/distributors/${tree.g.id}/children`)).data
        expect([leaf.count, leaf.children]).toEqual([0, []])
      })

      it("refuses a malformed query or id with a 400 naming it, an unknown id with a 404, a caller without a role with a 403", async () => {
        const cases: [string, number, string][] = [
          [`${tree.a.id}/children?limit=0`, 400, "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
          [`${tree.a.id}/children?limit=101`, 400, "Invalid request: Value for field 'limit' too big, expected at most: '100'"],
          [`${tree.a.id}/children?offset=-1`, 400, "Invalid request: Value for field 'offset' too small, expected at least: '0'"],
          [`${tree.a.id}/children?depth=2`, 400, "Invalid request: Unrecognized fields: 'depth'"],
          [`${tree.a.id}/children?a.b.c=1`, 400, "Invalid request: Unrecognized fields: 'a.b.c'"],
          ["mlmdist%27x/children", 400, "Invalid request: id must contain only letters, digits, '_' and '-'"],
          ["mlmdist_missing/children", 404, "Distributor with id mlmdist_missing was not found"],
          ["mlmdist_missing/children/placement", 404, "Distributor with id mlmdist_missing was not found"],
        ]
        for (const [path, status, message] of cases) {
          const response = await get(`/admin/mlm/distributors/${path}`)
          expect([path, response.status, response.data.message]).toEqual([path, status, message])
        }
        const none = await createCallerWithRole(container, http, null, "none@genealogy.test")
        const refused = await get(`/admin/mlm/distributors/${tree.a.id}/children`, none)
        expect([refused.status, refused.data.message]).toEqual([403, "You have no MLM role; an MLM admin must grant one"])
        const asViewer = await get(`/admin/mlm/distributors/${tree.a.id}/children`, viewer)
        expect([asViewer.status, asViewer.data.count]).toEqual([200, 3])
      })
    })

    describe("GET /admin/mlm/distributors/:id/children/placement", () => {
      it("lists no trees while nobody is placed", async () => {
        const response = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children/placement`)).data
        expect(response).toEqual({ distributor_id: tree.a.id, trees: [] })
      })

      it("answers the binary tree's seats by leg with their child counts and the latest computed run's carry", async () => {
        const versionId = await activatePlanForTest(container, { currency: "USD", components: [{ type: "binary", rate_bp: 1000 }] })
        const [{ plan_id: planId }] = await exec<{ plan_id: string }>(`SELECT plan_id FROM mlm_plan_version WHERE id = $1`, [versionId])
        const nodes = await nodeIds(exec, tree)
        // a at the root; b left and c right under a; e left under b.
        await place(exec, planId, [
          ["plc_a", "a", null, null, [nodes.a]],
          ["plc_b", "b", "plc_a", 0, [nodes.a, nodes.b]],
          ["plc_c", "c", "plc_a", 1, [nodes.a, nodes.c]],
          ["plc_e", "e", "plc_b", 0, [nodes.a, nodes.b, nodes.e]],
        ].map(([id, name, parent, position, path]) => ({ id, distributorId: tree[name as string].id, parent, position, path }) as Seat))
        // An older closed run and the latest computed one: the latest's carry is shown.
        await exec(
          `INSERT INTO mlm_period_run (id, period_key, currency_code, plan_version_id, status, write_attempts, result_attempt) VALUES
             ('run_old', '2025-01', 'USD', $1, 'closed', 1, 1), ('run_new', '2025-02', 'USD', $1, 'computed', 2, 2), ('run_queued', '2025-03', 'USD', $1, 'queued', 0, NULL)`,
          [versionId]
        )
        // run_new's attempt 1 was replaced by attempt 2: only the current attempt's carry counts.
        await exec(
          `INSERT INTO mlm_period_member (run_id, attempt, node_id, carry_left_minor, carry_right_minor) VALUES
             ('run_old', 1, $1, 99, 99), ('run_new', 1, $1, 5, 5), ('run_new', 2, $1, 1500, 0), ('run_new', 2, $2, 0, 700)`,
          [nodes.a, nodes.b]
        )

        const trees = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children/placement`)).data
        expect(trees.trees).toEqual([{ tree_type: "binary", tree_key: planId, root_distributor_id: tree.a.id, plan_name: "test plan" }])

        const query = `tree_type=binary&tree_key=${planId}`
        const root = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children/placement?${query}`)).data
        expect({ ...root, children: root.children.map(({ distributor, ...seat }: { distributor: { id: string } }) => ({ ...seat, id: distributor.id })) }).toEqual({
          distributor_id: tree.a.id,
          tree_type: "binary",
          tree_key: planId,
          seat: { placement_id: "plc_a", position: null, depth: 0, child_count: 2, carry: { left_minor: 1500, right_minor: 0 } },
          children: [
            { placement_id: "plc_b", position: 0, depth: 1, child_count: 1, carry: { left_minor: 0, right_minor: 700 }, id: tree.b.id },
            { placement_id: "plc_c", position: 1, depth: 1, child_count: 0, carry: { left_minor: 0, right_minor: 0 }, id: tree.c.id },
          ],
          count: 2,
          limit: 50,
          offset: 0,
          carry_visible: true,
          carry_run: { id: "run_new", period_key: "2025-02", currency_code: "USD", status: "computed" },
        })
        expect(root.children[0].distributor.customer.email).toBe("b@tree.test")

        const underB = expectOk(await get(`/admin/mlm/distributors/${tree.b.id}/children/placement?${query}&limit=1`)).data
        expect([underB.count, underB.children.map((c: { distributor: { id: string }; position: number }) => [c.distributor.id, c.position])]).toEqual([1, [[tree.e.id, 0]]])
        const unplaced = expectOk(await get(`/admin/mlm/distributors/${tree.g.id}/children/placement?${query}`)).data
        expect([unplaced.seat, unplaced.children, unplaced.count]).toEqual([null, [], 0])

        // Carry is volume: a viewer (no money.read) gets the tree without it.
        const asViewer = expectOk(await get(`/admin/mlm/distributors/${tree.a.id}/children/placement?${query}`, viewer)).data
        expect([asViewer.carry_visible, asViewer.carry_run, asViewer.seat.carry, asViewer.children.map((c: { carry: unknown }) => c.carry)]).toEqual([
          false, null, null, [null, null],
        ])
      })

      it("refuses half a tree name and an unknown tree type", async () => {
        const cases: [string, string][] = [
          ["tree_type=binary", "Invalid request: Give tree_type and tree_key together, or neither"],
          ["tree_type=board&tree_key=x", "Invalid request: Expected: 'binary, matrix' for field 'tree_type', but got: 'board'"],
          ["tree_type=binary&tree_key=a%20b", "Invalid request: tree_key must contain only letters, digits, '_', ':', '.' and '-'"],
        ]
        for (const [query, message] of cases) {
          const response = await get(`/admin/mlm/distributors/${tree.a.id}/children/placement?${query}`)
          expect([query, response.status, response.data.message]).toEqual([query, 400, message])
        }
      })
    })
  },
})

type Seat = { id: string; distributorId: string; parent: string | null; position: number | null; path: number[] }

async function nodeIds(exec: SqlExec, tree: Record<string, DistributorDTO>): Promise<Record<string, number>> {
  const rows = await exec<{ id: string; node_id: number }>(`SELECT id, node_id FROM mlm_distributor WHERE id = ANY ($1::text[])`, [
    Object.values(tree).map((distributor) => distributor.id),
  ])
  const byId = new Map(rows.map((row) => [row.id, Number(row.node_id)]))
  return Object.fromEntries(Object.entries(tree).map(([name, distributor]) => [name, byId.get(distributor.id) as number]))
}

async function place(exec: SqlExec, treeKey: string, seats: Seat[]): Promise<void> {
  for (const seat of seats) {
    await exec(
      `INSERT INTO mlm_placement (id, tree_type, tree_key, distributor_id, parent_placement_id, position, depth, path)
       VALUES ($1, 'binary', $2, $3, $4, $5, $6, $7::int[])`,
      [seat.id, treeKey, seat.distributorId, seat.parent, seat.position, seat.path.length - 1, seat.path]
    )
  }
}
