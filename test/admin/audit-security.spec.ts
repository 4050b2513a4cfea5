import { AdminAuditListQuery, AdminAuditVerifyQuery } from "../../src/api/admin/mlm/audit/validators"
import { parseAuditAnchor } from "../../src/modules/mlm/security/audit-verify"
import {
  auditFilterProblem,
  auditFiltersFromSearch,
  auditFiltersToSearch,
  auditListQuery,
  currentCursor,
  firstPage,
  nextTrail,
  parseAnchor,
  previousTrail,
  type AuditFilterKey,
} from "../../src/admin/components/audit/audit-query"
import { adoptionText, holderFactor, percentOf } from "../../src/admin/components/security/adoption"
import type { SecuritySummary } from "../../src/admin/components/security/security-types"
import { queryString } from "../../src/admin/lib/mlm-http"

/** The audit page's filters and keyset paging, and the security page's adoption figures. */

describe("audit filters are checked as the route checks them", () => {
  const cases: [AuditFilterKey, string][] = [
    ["event", "authz_fail"],
    ["event", "Authz"],
    ["event", "ab"],
    ["target_type", "distributor"],
    ["target_type", "9lives"],
    ["target_id", "mlmdist_01ABC"],
    ["target_id", "a\u0000b"],
    ["actor_id", "user_01"],
    ["actor_id", "x".repeat(201)],
  ]
  it.each(cases)("%s %j", (key, value) => {
    const routeAccepts = AdminAuditListQuery.safeParse({ [key]: value }).success
    expect(auditFilterProblem(key, value) === null).toBe(routeAccepts)
  })

  it("keeps valid filters in the URL and drops the others", () => {
    const search = new URLSearchParams("event=mlm_plan_activated&target_type=Plan&actor_id=user_1&seq=9")
    expect(auditFiltersFromSearch(search)).toEqual({ event: "mlm_plan_activated", actor_id: "user_1" })
    expect(auditFiltersToSearch({ event: "authz_fail", target_id: "/admin/mlm/ledger" }).toString()).toBe("event=authz_fail&target_id=%2Fadmin%2Fmlm%2Fledger")
  })

  it("asks the route for a page after a cursor", () => {
    const query = auditListQuery({ event: "authz_fail" }, 150, 50)
    expect(AdminAuditListQuery.parse(Object.fromEntries(new URLSearchParams(queryString(query).slice(1))))).toEqual({ event: "authz_fail", after_seq: 150, limit: 50 })
  })
})

describe("keyset paging", () => {
  it("goes forward only after a full page, and back through the cursors it came by", () => {
    const start = firstPage()
    expect(currentCursor(start)).toBe(0)
    const second = nextTrail(start, { rows: 50, limit: 50, next_after_seq: 57 })
    expect(second).toEqual([0, 57])
    expect(nextTrail(second!, { rows: 12, limit: 50, next_after_seq: 80 })).toBeNull()
    // A full page whose cursor did not move (nothing newer) is the end too.
    expect(nextTrail(second!, { rows: 50, limit: 50, next_after_seq: 57 })).toBeNull()
    expect(previousTrail(second!)).toEqual([0])
    expect(previousTrail(start)).toBeNull()
  })
})

describe("verification anchors", () => {
  const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

  it("reads `<seq>:<hash>` as the verifier prints it, and the route accepts the parts", () => {
    expect(parseAnchor(` 1234:${hash} `)).toEqual({ anchor_seq: 1234, anchor_hash: hash })
    expect(parseAuditAnchor(`1234:${hash}`)).toEqual({ seq: 1234, hash })
    expect(AdminAuditVerifyQuery.safeParse({ anchor_seq: "1234", anchor_hash: hash }).success).toBe(true)
  })

  it.each(["0:" + "a".repeat(64), `12:${"A".repeat(64)}`, `12:${"a".repeat(63)}`, "12", ""])("refuses %j like the verifier", (text) => {
    expect(parseAnchor(text)).toBeNull()
    expect(parseAuditAnchor(text)).toBeNull()
  })
})

describe("MFA adoption figures", () => {
  it("gives whole percents, rounded down, and none for nobody", () => {
    expect([percentOf(2, 3), percentOf(999, 1000), percentOf(3, 3), percentOf(0, 0)]).toEqual([66, 99, 100, null])
    expect([adoptionText(2, 3), adoptionText(0, 0)]).toEqual(["2 of 3 (66%)", "nobody yet"])
  })

  it("tells each holder's factor from the summary, unknown when the list was cut", () => {
    const summary = (truncated: boolean): SecuritySummary => ({
      admin_users: {
        holders: 3,
        confirmed: 1,
        pending: 1,
        none: 1,
        by_role: [],
        unconfirmed: [
          { user_id: "user_a", role: "support", factor: "none" },
          { user_id: "user_b", role: "finance", factor: "pending" },
        ],
        unconfirmed_truncated: truncated,
      },
      distributors: { with_account: 0, confirmed: 0 },
    })
    expect(["user_a", "user_b", "user_c"].map((id) => holderFactor(summary(false), id))).toEqual(["none", "pending", "confirmed"])
    expect(holderFactor(summary(true), "user_c")).toBe("unknown")
    expect(holderFactor(undefined, "user_a")).toBe("unknown")
  })
})
