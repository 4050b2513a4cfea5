import { AdminListLedgerQuery } from "../../src/api/admin/mlm/ledger/validators"
import { AdminLedgerExportQuery } from "../../src/api/admin/mlm/ledger/export/validators"
import { downloadName } from "../../src/admin/components/controls/download"
import {
  activeFilterCount,
  dateRangeProblem,
  dayAfter,
  filtersFromSearch,
  filtersToSearch,
  isPeriodKey,
  ledgerExportQuery,
  ledgerListQuery,
  withFilter,
} from "../../src/admin/components/ledger/ledger-filters"
import { queryString, type MlmQuery } from "../../src/admin/lib/mlm-http"

/** The ledger page's filters → URL → GET /admin/mlm/ledger query (src/admin/components/ledger/ledger-filters.ts). */

/** What the route's validator makes of the query string the page sends. */
function asRouteSees(query: MlmQuery) {
  return AdminListLedgerQuery.safeParse(Object.fromEntries(new URLSearchParams(queryString(query).slice(1))))
}

describe("reading the filters from the page's URL", () => {
  it("keeps valid values and drops what the API would refuse", () => {
    const search = new URLSearchParams(
      "status=available&bonus=pool&period_key=2026-W47&from=2026-11-01&to=2026-11-30&distributor_id=mlmdist_1&order_id=order_9&offset=50&extra=x"
    )
    expect(filtersFromSearch(search)).toEqual({
      status: "available",
      bonus: "pool",
      period_key: "2026-W47",
      from: "2026-11-01",
      to: "2026-11-30",
      distributor_id: "mlmdist_1",
      order_id: "order_9",
      offset: 50,
    })
    const bad = new URLSearchParams("status=paid&bonus=x&period_key=2026-13&from=2026-02-30&to=yesterday&distributor_id=a%27b&offset=-5")
    expect(filtersFromSearch(bad)).toEqual({ offset: 0 })
  })

  it("writes only what is set, and any change goes back to the first page", () => {
    const filters = { status: "pending" as const, distributor_id: "mlmdist_1", offset: 100 }
    expect(filtersToSearch(filters).toString()).toBe("status=pending&distributor_id=mlmdist_1&offset=100")
    expect(withFilter(filters, "bonus", "unilevel")).toEqual({ status: "pending", distributor_id: "mlmdist_1", bonus: "unilevel", offset: 0 })
    expect(withFilter(filters, "status", "")).toEqual({ status: undefined, distributor_id: "mlmdist_1", offset: 0 })
    expect(activeFilterCount(filters)).toBe(2)
  })

  it.each([
    ["2026-11", true],
    ["2026-W01", true],
    ["2026-W53", true],
    ["2026-W54", false],
    ["2026-00", false],
    ["2026-1", false],
  ])("period key %s → %s", (key, valid) => {
    expect(isPeriodKey(key)).toBe(valid)
  })
})

describe("the list query", () => {
  it("sends the last day as the next day's midnight (the API's `to` is exclusive), and the route accepts it", () => {
    const query = ledgerListQuery({ status: "pending", bonus: "unilevel", period_key: "2026-11", from: "2026-11-01", to: "2026-11-30", distributor_id: "mlmdist_1", offset: 50 }, 50)
    expect(query).toEqual({
      status: "pending",
      bonus: "unilevel",
      period_key: "2026-11",
      from: "2026-11-01",
      to: "2026-12-01",
      distributor_id: "mlmdist_1",
      order_id: undefined,
      limit: 50,
      offset: 50,
    })
    const parsed = asRouteSees(query!)
    expect(parsed.success).toBe(true)
    expect(parsed.data).toEqual({
      status: "pending",
      bonus: "unilevel",
      period_key: "2026-11",
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
      distributor_id: "mlmdist_1",
      limit: 50,
      offset: 50,
    })
  })

  it("asks nothing while the range is backwards, and one day is a range of one day", () => {
    expect(dateRangeProblem({ from: "2026-11-02", to: "2026-11-01" })).toBe("The first day is after the last day")
    expect(ledgerListQuery({ from: "2026-11-02", to: "2026-11-01", offset: 0 }, 50)).toBeNull()
    const oneDay = ledgerListQuery({ from: "2026-11-30", to: "2026-11-30", offset: 0 }, 20)!
    expect([oneDay.from, oneDay.to]).toEqual(["2026-11-30", "2026-12-01"])
    expect(asRouteSees(oneDay).success).toBe(true)
    expect([dayAfter("2026-12-31"), dayAfter("2028-02-28")]).toEqual(["2027-01-01", "2028-02-29"])
  })
})

describe("the export query", () => {
  it("carries every filter of the page, the last day made exclusive, and the route takes it", () => {
    const query = ledgerExportQuery({
      status: "available",
      bonus: "pool",
      period_key: "2026-11",
      from: "2026-11-01",
      to: "2026-11-30",
      distributor_id: "mlmdist_1",
      order_id: "order_1",
      offset: 100,
    })
    expect(query).toEqual({
      status: "available",
      bonus: "pool",
      period_key: "2026-11",
      from: "2026-11-01",
      to: "2026-12-01",
      distributor_id: "mlmdist_1",
      order_id: "order_1",
    })
    const parsed = AdminLedgerExportQuery.safeParse(Object.fromEntries(new URLSearchParams(queryString(query!).slice(1))))
    expect(parsed.success && [parsed.data.from?.toISOString(), parsed.data.to?.toISOString(), parsed.data.limit]).toEqual([
      "2026-11-01T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
      10_000,
    ])
  })

  it("is null while the date range is backwards, as the list's is", () => {
    expect(ledgerExportQuery({ from: "2026-11-02", to: "2026-11-01", offset: 0 })).toBeNull()
  })

  it("names the downloaded file after the server's Content-Disposition, never a path", () => {
    expect(downloadName('attachment; filename="mlm-ledger-2026-11-21T10-00-00-000Z.csv"', "x.csv")).toBe("mlm-ledger-2026-11-21T10-00-00-000Z.csv")
    expect(downloadName(null, "fallback.csv")).toBe("fallback.csv")
    expect(downloadName('attachment; filename="../../etc/passwd"', "fallback.csv")).toBe("fallback.csv")
  })
})
