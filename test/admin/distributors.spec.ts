import {
  AdminDownlineQuery,
  AdminListDistributorsQuery,
  DISTRIBUTOR_LIST_ORDERS,
  DOWNLINE_ORDERS as API_DOWNLINE_ORDERS,
} from "../../src/api/admin/mlm/distributors/validators"
import { DISTRIBUTOR_STATUSES as API_STATUSES } from "../../src/api/mlm-request-fields"
import {
  DISTRIBUTOR_ORDERS,
  distributorFiltersFromSearch,
  distributorFiltersToSearch,
  distributorListQuery,
  DOWNLINE_ORDERS,
  downlineQuery,
  initialDownlineView,
  membersWithin,
} from "../../src/admin/components/distributors/distributor-query"
import { distributorName, DISTRIBUTOR_STATUSES, statusTargets } from "../../src/admin/components/distributors/distributor-text"
import { historyTimeline } from "../../src/admin/components/distributors/history"
import { queryString, type MlmQuery } from "../../src/admin/lib/mlm-http"

/** The distributors pages' search, filters, downline paging and history timeline (src/admin/components/distributors). */

const routeSees = (schema: { safeParse: (value: unknown) => { success: boolean; data?: unknown } }, query: MlmQuery) =>
  schema.safeParse(Object.fromEntries(new URLSearchParams(queryString(query).slice(1))))

describe("the pages' vocabulary is the API's", () => {
  it("offers the route's sort orders and statuses", () => {
    expect([...DISTRIBUTOR_ORDERS].sort()).toEqual([...DISTRIBUTOR_LIST_ORDERS].sort())
    expect(DOWNLINE_ORDERS).toEqual(API_DOWNLINE_ORDERS)
    expect(DISTRIBUTOR_STATUSES).toEqual(API_STATUSES)
  })
})

describe("the list's search and filters", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const filters = { q: "ann", status: "active" as const, sponsor_id: "mlmdist_1", order: "referral_code" as const, offset: 40 }
    const search = distributorFiltersToSearch(filters)
    expect(search.toString()).toBe("q=ann&status=active&sponsor_id=mlmdist_1&order=referral_code&offset=40")
    expect(distributorFiltersFromSearch(search)).toEqual(filters)
    expect(distributorFiltersToSearch({ order: "-enrolled_at", offset: 0 }).toString()).toBe("")
  })

  it("drops values the route would refuse", () => {
    const search = new URLSearchParams(`q=${"x".repeat(101)}&status=gone&sponsor_id=a b&order=name&offset=abc`)
    expect(distributorFiltersFromSearch(search)).toEqual({ order: "-enrolled_at", offset: 0 })
    expect(distributorFiltersFromSearch(new URLSearchParams("q=%20%20"))).toEqual({ order: "-enrolled_at", offset: 0 })
  })

  it("asks the route what it accepts", () => {
    const query = distributorListQuery({ q: "ann@example.com", status: "suspended", sponsor_id: "mlmdist_1", order: "-depth", offset: 20 }, 20)
    const parsed = routeSees(AdminListDistributorsQuery, query)
    expect(parsed).toEqual({
      success: true,
      data: { q: "ann@example.com", status: "suspended", sponsor_id: "mlmdist_1", order: "-depth", limit: 20, offset: 20 },
    })
  })
})

describe("the downline panel", () => {
  it("starts at three levels (fewer when the store allows fewer) and clamps to the store's bound", () => {
    expect(initialDownlineView(20)).toEqual({ depth: 3, order: "level", offset: 0 })
    expect(initialDownlineView(2).depth).toBe(2)
    expect(downlineQuery({ depth: 30, order: "level", offset: 25 }, 20, 25)).toEqual({ depth: 20, status: undefined, order: "level", limit: 25, offset: 25 })
    expect(routeSees(AdminDownlineQuery, downlineQuery({ depth: 2, status: "active", order: "enrolled_at", offset: 0 }, 20, 25))).toEqual({
      success: true,
      data: { depth: 2, status: "active", order: "enrolled_at", limit: 25, offset: 0 },
    })
  })

  it("counts the members within a depth from the per-level counts", () => {
    const counts = [
      { level: 1, count: 3 },
      { level: 2, count: 9 },
      { level: 3, count: 27 },
    ]
    expect([membersWithin(counts, 1), membersWithin(counts, 2), membersWithin(counts, 5)]).toEqual([3, 12, 39])
  })
})

describe("names and status changes", () => {
  const customer = { id: "cus_1", email: "ann@example.com", first_name: "Ann", last_name: null }

  it("names a distributor by its customer, as text", () => {
    expect(distributorName({ is_house: false, customer })).toBe("Ann · ann@example.com")
    expect(distributorName({ is_house: false, customer: { ...customer, first_name: " ", email: null } })).toBe("cus_1")
    expect(distributorName({ is_house: false, customer: null })).toBe("No customer account")
    expect(distributorName({ is_house: true, customer: null })).toBe("The house (company root)")
    expect(distributorName({ is_house: false, customer: { ...customer, first_name: "<img src=x>" } })).toBe("<img src=x> · ann@example.com")
  })

  it("offers every other status, none from terminated (final) or for the house (stays active)", () => {
    expect(statusTargets({ status: "active", is_house: false })).toEqual(["pending", "suspended", "terminated"])
    expect(statusTargets({ status: "terminated", is_house: false })).toEqual([])
    expect(statusTargets({ status: "active", is_house: true })).toEqual([])
  })
})

describe("the history timeline", () => {
  it("merges moves and status changes, newest first", () => {
    const move = (id: string, at: string) => ({ id, distributor_id: "d", from_sponsor_id: "a", to_sponsor_id: "b", subtree_size: 3, actor_id: "user_1", reason: "r", created_at: at })
    const change = (id: string, at: string) => ({ id, distributor_id: "d", from_status: "active" as const, to_status: "suspended" as const, actor_id: "user_1", reason: "r", created_at: at })
    const timeline = historyTimeline({
      sponsor_moves: [move("m1", "2026-11-01T10:00:00.000Z"), move("m2", "2026-11-03T10:00:00.000Z")],
      status_changes: [change("s1", "2026-11-02T10:00:00.000Z"), change("s2", "2026-11-03T10:00:00.000Z")],
    })
    expect(timeline.map((event) => `${event.kind}:${event.id}`)).toEqual(["move:m2", "status:s2", "status:s1", "move:m1"])
  })
})
