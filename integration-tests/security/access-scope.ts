import type { DistributorDTO } from "../../src/modules/mlm"
import type { CustomerCaller } from "../helpers/customer-auth"
import { type AccessContext, snapshotTables } from "./access-fixture"

const unrecognized = (key: string) => `Invalid request: Unrecognized fields: '${key}'`
const STORE_READS = [
  "/store/mlm/me",
  "/store/mlm/me/downline",
  "/store/mlm/me/commissions",
  "/store/mlm/me/balances",
  "/store/mlm/me/statement",
  "/store/mlm/me/rank",
  "/store/mlm/me/volumes",
]
// Every name a client might try to point a store route at another member with.
const ID_PARAMETERS = ["distributor_id", "id", "customer_id", "sponsor_id", "root_id", "node_id", "beneficiary_node", "upline_id"]

/**
 * Object-level access in the back office (OWASP API1): a distributor reads itself and its
 * downline only, to max_downline_depth (20 here), whatever it puts in the request.
 */
export function storeScopeTests(context: () => AccessContext) {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort()
  const idsOf = (members: DistributorDTO[]) => members.map((member) => member.id).sort()

  async function backOffice(caller: CustomerCaller) {
    const { http } = context()
    const me = await http.get("/store/mlm/me", caller.headers)
    const downline = await http.get("/store/mlm/me/downline?limit=100", caller.headers)
    const commissions = await http.get("/store/mlm/me/commissions?limit=200", caller.headers)
    const balances = await http.get("/store/mlm/me/balances", caller.headers)
    expect([me.status, downline.status, commissions.status, balances.status]).toEqual([200, 200, 200, 200])
    return {
      me: me.data.distributor,
      downline: ids(downline.data.downline),
      count: downline.data.count,
      amounts: commissions.data.lines.map((line: { amount_minor: number }) => line.amount_minor).sort((a: number, b: number) => a - b),
      balances: balances.data.balances,
    }
  }

  it("a distributor sees itself, its own downline to depth 20 and its own money, nothing of upline, siblings or other branches", async () => {
    const { tree, logins } = context()
    const m = await backOffice(logins.M)
    expect(m.me).toMatchObject({ id: tree.M.id, sponsor_referral_code: tree.U.referral_code })
    // Levels 1..20 under M: D, D2, DD and chain[0..18]; chain[19] is level 21.
    expect(m.downline).toEqual(idsOf([tree.D, tree.D2, tree.DD, ...tree.chain.slice(0, 19)]))
    expect(m.count).toBe(22)
    expect(m.me.downline_counts).toHaveLength(20)
    expect(m.amounts).toEqual([300, 2000])
    expect(m.balances).toEqual([{ currency_code: "USD", pending_minor: 2000, available_minor: 300 }])

    const d = await backOffice(logins.D)
    expect([d.me.id, d.downline, d.amounts]).toEqual([tree.D.id, [tree.DD.id], [4000]])
    const s = await backOffice(logins.S)
    expect([s.me.id, s.downline, s.amounts]).toEqual([tree.S.id, [tree.SC.id], [8000]])
    const u = await backOffice(logins.U)
    expect(u.downline).toEqual(idsOf([tree.M, tree.S, tree.D, tree.D2, tree.DD, tree.SC, ...tree.chain.slice(0, 18)]))
    expect(u.amounts).toEqual([1000])
    const x = await backOffice(logins.X)
    expect([x.me.id, x.downline, x.amounts]).toEqual([tree.X.id, [], [16000]])
  })

  it("refuses another member's id in every query parameter of every store route (400), from downline, sibling and other branches", async () => {
    const { http, tree, logins } = context()
    const attempts: [CustomerCaller, DistributorDTO | string][] = [
      [logins.D, tree.M], // downline → its sponsor
      [logins.D, tree.U], // downline → two levels up
      [logins.M, tree.S], // → a sibling branch
      [logins.S, tree.DD], // → a cousin's downline
      [logins.X, tree.U], // → another branch entirely
      [logins.M, logins.X.customerId], // → another customer's id
    ]
    for (const [caller, target] of attempts) {
      const targetId = typeof target === "string" ? target : target.id
      for (const route of STORE_READS) {
        for (const parameter of ID_PARAMETERS) {
          const url = `${route}?${parameter}=${targetId}`
          const response = await http.get(url, caller.headers)
          expect([url, response.status, response.data.message]).toEqual([url, 400, unrecognized(parameter)])
        }
      }
    }
  })

  it("refuses depths beyond the bound and ids in the enrollment body, changing nothing", async () => {
    const { container, http, tree, logins } = context()
    const before = await snapshotTables(container)
    const deep = await http.get("/store/mlm/me/downline?depth=21", logins.M.headers)
    expect([deep.status, deep.data.message]).toEqual([400, "Invalid request: Value for field 'depth' too big, expected at most: '20'"])
    const forOther = await http.post(
      "/store/mlm/enroll",
      { referral_code: tree.U.referral_code, customer_id: logins.X.customerId },
      logins.M.headers
    )
    expect([forOther.status, forOther.data.message]).toEqual([400, unrecognized("customer_id")])
    const unknownRoute = await http.get(`/store/mlm/distributors/${tree.U.id}`, logins.M.headers)
    expect(unknownRoute.status).toBe(404)
    expect(await snapshotTables(container)).toEqual(before)
  })
}
