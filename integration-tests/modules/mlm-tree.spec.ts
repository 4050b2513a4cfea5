import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"
import type { DistributorDTO } from "../../src/modules/mlm/types"
import { enrollUnder, MIGRATIONS, nodesOnCycles, query, treeInvariantViolations, uniqueDbName } from "./mlm-helpers"

jest.setTimeout(180_000)

/**
 * house ─ a ─ a1 ─ a11 ─ a111
 *        │    └ a2
 *        └ b ─ b1
 */
async function buildTree(service: MlmModuleService) {
  const house = await service.ensureHouse()
  const a = await enrollUnder(service, "cus_a", house.id)
  const b = await enrollUnder(service, "cus_b", house.id)
  const a1 = await enrollUnder(service, "cus_a1", a.id)
  const a2 = await enrollUnder(service, "cus_a2", a.id)
  const a11 = await enrollUnder(service, "cus_a11", a1.id)
  const a111 = await enrollUnder(service, "cus_a111", a11.id)
  const b1 = await enrollUnder(service, "cus_b1", b.id)
  return { house, a, b, a1, a2, a11, a111, b1 }
}

const ids = (rows: DistributorDTO[]) => rows.map((row) => row.id)

moduleIntegrationTestRunner<MlmModuleService>({
  moduleName: MLM_MODULE,
  resolve: "./src/modules/mlm",
  pathToMigrations: MIGRATIONS,
  dbName: uniqueDbName("tree"),
  testSuite: ({ service, dbConfig }) => {
    it("upline is root first, excludes self, honours max_depth; 404 for unknown ids", async () => {
      const t = await buildTree(service)
      expect(ids(await service.getUpline(t.a111.id))).toEqual([t.house.id, t.a.id, t.a1.id, t.a11.id])
      expect(ids(await service.getUpline(t.a111.id, { max_depth: 2 }))).toEqual([t.a1.id, t.a11.id])
      expect(await service.getUpline(t.house.id)).toEqual([])
      await expect(service.getUpline("mlmdist_nope")).rejects.toMatchObject({ type: MedusaError.Types.NOT_FOUND })
    })

    it("downline pages carry levels, counts per level are exact, depth limits apply", async () => {
      const t = await buildTree(service)
      expect(await service.getDownlineLevelCounts(t.house.id, { max_depth: 10 })).toEqual([
        { level: 1, count: 2 },
        { level: 2, count: 3 },
        { level: 3, count: 1 },
        { level: 4, count: 1 },
      ])
      expect(await service.getDownlineLevelCounts(t.a.id, { max_depth: 2 })).toEqual([
        { level: 1, count: 2 },
        { level: 2, count: 1 },
      ])
      const page = await service.listDownline(t.a.id, { max_depth: 10, limit: 10, offset: 0 })
      expect(page.count).toBe(4)
      expect(page.rows.map((r) => [r.id, r.level])).toEqual([
        [t.a1.id, 1],
        [t.a2.id, 1],
        [t.a11.id, 2],
        [t.a111.id, 3],
      ])
      const second = await service.listDownline(t.house.id, { max_depth: 2, limit: 2, offset: 2 })
      expect(second.count).toBe(5)
      expect(second.rows.map((r) => r.level)).toEqual([2, 2])
      expect(new Set(ids(second.rows))).toEqual(new Set([t.a1.id, t.a2.id, t.b1.id].filter((id) => ids(second.rows).includes(id))))
      expect(second.rows).toHaveLength(2)
      await service.setStatus({ distributor_id: t.a2.id, status: "suspended", actor_id: "u", reason: "r" })
      const suspended = await service.listDownline(t.house.id, { max_depth: 10, limit: 10, offset: 0, status: "suspended" })
      expect(suspended).toMatchObject({ count: 1, rows: [{ id: t.a2.id, level: 2, status: "suspended" }] })
      expect(await service.isInDownline(t.a.id, t.a111.id)).toBe(true)
      expect(await service.isInDownline(t.b.id, t.a111.id)).toBe(false)
      expect(await service.isInDownline(t.a111.id, t.a.id)).toBe(false)
      await expect(service.listDownline("mlmdist_nope", { max_depth: 2, limit: 1, offset: 0 })).rejects.toMatchObject({
        type: MedusaError.Types.NOT_FOUND,
      })
    })

    it("a move rewrites the whole subtree's paths and depths and is recorded", async () => {
      const t = await buildTree(service)
      const moved = await service.moveSponsor({ distributor_id: t.a1.id, new_sponsor_id: t.b1.id, actor_id: "user_9", reason: "wrong sponsor" })
      expect(moved).toMatchObject({ id: t.a1.id, sponsor_id: t.b1.id, depth: 3 })
      const rows = await query<{ id: string; depth: number; path: number[]; node_id: number }>(
        dbConfig.clientUrl,
        `SELECT id, depth, path, node_id FROM mlm_distributor`
      )
      const byId = new Map(rows.map((r) => [r.id, r]))
      const node = (id: string) => byId.get(id)!.node_id
      expect(byId.get(t.a1.id)!.path).toEqual([t.house, t.b, t.b1, t.a1].map((d) => node(d.id)))
      expect(byId.get(t.a11.id)!.path).toEqual([t.house, t.b, t.b1, t.a1, t.a11].map((d) => node(d.id)))
      expect(byId.get(t.a111.id)!.path).toEqual([t.house, t.b, t.b1, t.a1, t.a11, t.a111].map((d) => node(d.id)))
      expect([byId.get(t.a11.id)!.depth, byId.get(t.a111.id)!.depth, byId.get(t.a2.id)!.depth]).toEqual([4, 5, 2])
      expect(byId.get(t.a2.id)!.path).toEqual([t.house, t.a, t.a2].map((d) => node(d.id)))
      expect(await treeInvariantViolations(dbConfig.clientUrl)).toBe(0)
      expect(ids(await service.getUpline(t.a111.id))).toEqual([t.house.id, t.b.id, t.b1.id, t.a1.id, t.a11.id])
      const moves = await service.listSponsorMoves(t.a1.id)
      expect(moves).toMatchObject([{ from_sponsor_id: t.a.id, to_sponsor_id: t.b1.id, subtree_size: 3, actor_id: "user_9", reason: "wrong sponsor" }])
    })

    it("refuses cycles (409), moving the house (400) and unknown ids (404)", async () => {
      const t = await buildTree(service)
      for (const target of [t.a, t.a1, t.a111]) {
        await expect(service.moveSponsor({ distributor_id: t.a.id, new_sponsor_id: target.id, actor_id: "u", reason: "r" })).rejects.toMatchObject({
          type: MedusaError.Types.CONFLICT,
        })
      }
      await expect(service.moveSponsor({ distributor_id: t.house.id, new_sponsor_id: t.a.id, actor_id: "u", reason: "r" })).rejects.toMatchObject({
        type: MedusaError.Types.INVALID_DATA,
      })
      await expect(service.moveSponsor({ distributor_id: "mlmdist_x", new_sponsor_id: t.a.id, actor_id: "u", reason: "r" })).rejects.toMatchObject({
        type: MedusaError.Types.NOT_FOUND,
      })
      await expect(service.moveSponsor({ distributor_id: t.a.id, new_sponsor_id: "mlmdist_x", actor_id: "u", reason: "r" })).rejects.toMatchObject({
        type: MedusaError.Types.NOT_FOUND,
      })
      expect(await service.listSponsorMoves(t.a.id)).toEqual([])
    })

    it("the database refuses a path that does not extend its sponsor's, and path writes without the tree lock", async () => {
      const t = await buildTree(service)
      // Ids are generated by the module (no quotes inside); a multi-statement query takes no params.
      await expect(
        query(
          dbConfig.clientUrl,
          `BEGIN; SELECT pg_advisory_xact_lock(1835822452);
           UPDATE mlm_distributor SET sponsor_id = '${t.b.id}' WHERE id = '${t.a1.id}'; COMMIT`
        )
      ).rejects.toThrow(/path must be its sponsor's path/)
      // A consistent move of a1 alone leaves its own members' paths behind: refused as well.
      await expect(
        query(
          dbConfig.clientUrl,
          `BEGIN; SELECT pg_advisory_xact_lock(1835822452);
           UPDATE mlm_distributor SET sponsor_id = '${t.b.id}', path = (SELECT path FROM mlm_distributor WHERE id = '${t.b.id}') || node_id
            WHERE id = '${t.a1.id}'; COMMIT`
        )
      ).rejects.toThrow(`mlm_distributor ${t.a11.id}: path must be its sponsor's path`)
      await expect(query(dbConfig.clientUrl, `UPDATE mlm_distributor SET sponsor_id = $1 WHERE id = $2`, [t.b.id, t.a1.id])).rejects.toThrow(
        /sponsor tree lock/
      )
      await expect(query(dbConfig.clientUrl, `UPDATE mlm_distributor SET status = 'suspended' WHERE id = $1`, [t.a1.id])).resolves.toEqual([])
      await expect(query(dbConfig.clientUrl, `DELETE FROM mlm_distributor WHERE id = $1`, [t.a111.id])).rejects.toThrow(/never deleted/)
      expect(await treeInvariantViolations(dbConfig.clientUrl)).toBe(0)
    })

    it("concurrent opposite moves (a under b, b under a) never form a cycle, 40 rounds", async () => {
      const house = await service.ensureHouse()
      for (let round = 0; round < 40; round++) {
        const a = await enrollUnder(service, `cus_ra_${round}`, house.id)
        const b = await enrollUnder(service, `cus_rb_${round}`, house.id)
        const results = await Promise.allSettled([
          service.moveSponsor({ distributor_id: a.id, new_sponsor_id: b.id, actor_id: "u", reason: "r" }),
          service.moveSponsor({ distributor_id: b.id, new_sponsor_id: a.id, actor_id: "u", reason: "r" }),
        ])
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult
        expect(rejected.reason).toMatchObject({ type: MedusaError.Types.CONFLICT })
      }
      expect(await nodesOnCycles(dbConfig.clientUrl)).toBe(0)
      expect(await treeInvariantViolations(dbConfig.clientUrl)).toBe(0)
    })

    it("random concurrent moves and enrollments on a small tree keep the invariant", async () => {
      const house = await service.ensureHouse()
      const nodes: DistributorDTO[] = [house]
      for (let i = 0; i < 30; i++) {
        nodes.push(await enrollUnder(service, `cus_n${i}`, nodes[(i * 7) % nodes.length].id))
      }
      let seed = 42
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return seed % n
      }
      let conflicts = 0
      let moves = 0
      for (let round = 0; round < 15; round++) {
        const batch = Array.from({ length: 8 }, (_, k) => {
          if (k === 7) return service.enroll({ customer_id: `cus_late_${round}`, sponsor_id: nodes[1 + random(30)].id, source: "admin" })
          const node = nodes[1 + random(30)]
          const sponsor = nodes[random(31)]
          return service.moveSponsor({ distributor_id: node.id, new_sponsor_id: sponsor.id, actor_id: "u", reason: "r" })
        })
        for (const result of await Promise.allSettled(batch)) {
          if (result.status === "rejected") {
            expect(result.reason).toMatchObject({ type: MedusaError.Types.CONFLICT })
            conflicts++
          } else {
            moves++
          }
        }
      }
      expect(moves + conflicts).toBe(120)
      expect(conflicts).toBeGreaterThan(0)
      expect(await nodesOnCycles(dbConfig.clientUrl)).toBe(0)
      expect(await treeInvariantViolations(dbConfig.clientUrl)).toBe(0)
      const total = await service.getDownlineLevelCounts(house.id, { max_depth: 20 })
      expect(total.reduce((sum, level) => sum + level.count, 0)).toBe(45)
    })

    it("searchDistributors filters by code prefix, status and sponsor with an allowlisted order", async () => {
      const t = await buildTree(service)
      const byCode = await service.searchDistributors({ q: t.a1.referral_code.slice(0, 8).toLowerCase(), limit: 10, offset: 0, order: "enrolled_at", direction: "asc" })
      expect(byCode).toMatchObject({ count: 1, rows: [{ id: t.a1.id }] })
      const frontline = await service.searchDistributors({ sponsor_id: t.a.id, limit: 10, offset: 0, order: "enrolled_at", direction: "asc" })
      expect(ids(frontline.rows)).toEqual([t.a1.id, t.a2.id])
      const wildcard = await service.searchDistributors({ q: "%", limit: 10, offset: 0, order: "referral_code", direction: "desc" })
      expect(wildcard.count).toBe(0)
    })
  },
})
