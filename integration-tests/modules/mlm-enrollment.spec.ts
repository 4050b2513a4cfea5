import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"
import { enrollUnder, MIGRATIONS, query, uniqueDbName } from "./mlm-helpers"

jest.setTimeout(120_000)

moduleIntegrationTestRunner<MlmModuleService>({
  moduleName: MLM_MODULE,
  resolve: "./src/modules/mlm",
  pathToMigrations: MIGRATIONS,
  dbName: uniqueDbName("enrollment"),
  moduleOptions: { house_referral_code: "house" },
  testSuite: ({ service, dbConfig }) => {
    describe("house", () => {
      it("is created once, also when asked concurrently", async () => {
        const houses = await Promise.all(Array.from({ length: 10 }, () => service.ensureHouse()))
        expect(new Set(houses.map((h) => h.id)).size).toBe(1)
        expect(houses[0]).toMatchObject({ referral_code: "HOUSE", is_house: true, sponsor_id: null, customer_id: null, depth: 0, status: "active" })
        const again = await service.ensureHouse()
        expect(again.id).toBe(houses[0].id)
        const rows = await query(dbConfig.clientUrl, `SELECT id FROM mlm_distributor WHERE is_house`)
        expect(rows).toHaveLength(1)
      })
    })

    describe("enroll", () => {
      it("without code or sponsor puts the customer under the house with an 8-char code", async () => {
        const { distributor, created } = await service.enroll({ customer_id: "cus_1", source: "store_api" })
        const house = await service.ensureHouse()
        expect(created).toBe(true)
        expect(distributor).toMatchObject({ customer_id: "cus_1", sponsor_id: house.id, depth: 1, status: "active", is_house: false })
        expect(distributor.id).toMatch(/^mlmdist_/)
        expect(distributor.referral_code).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/)
      })

      it("with a code (any case, padded) puts the customer under the code's owner", async () => {
        const { distributor: sponsor } = await service.enroll({ customer_id: "cus_s", source: "admin" })
        const { distributor } = await service.enroll({
          customer_id: "cus_2",
          referral_code: `  ${sponsor.referral_code.toLowerCase()} `,
          source: "store_api",
        })
        expect(distributor.sponsor_id).toBe(sponsor.id)
        expect(distributor.depth).toBe(2)
      })

      it("refuses an unknown code and codes of pending, suspended and terminated sponsors", async () => {
        await expect(service.enroll({ customer_id: "cus_x", referral_code: "zzzz9999", source: "store_api" })).rejects.toMatchObject({
          type: MedusaError.Types.INVALID_DATA,
          message: "Referral code ZZZZ9999 is unknown",
        })
        for (const status of ["pending", "suspended", "terminated"] as const) {
          const { distributor: sponsor } = await service.enroll({ customer_id: `cus_${status}`, status, source: "admin" })
          await expect(
            service.enroll({ customer_id: `cus_under_${status}`, referral_code: sponsor.referral_code, source: "store_api" })
          ).rejects.toMatchObject({
            type: MedusaError.Types.INVALID_DATA,
            message: `Referral code ${sponsor.referral_code} belongs to a ${status} distributor`,
          })
          expect(await service.resolveReferralCode(sponsor.referral_code)).toEqual({ ok: false, reason: status })
        }
        const count = await query<{ n: string }>(dbConfig.clientUrl, `SELECT count(*) AS n FROM mlm_distributor WHERE customer_id LIKE 'cus_under_%'`)
        expect(Number(count[0].n)).toBe(0)
      })

      it("is 404 for an unknown sponsor id", async () => {
        await expect(service.enroll({ customer_id: "cus_y", sponsor_id: "mlmdist_nope", source: "admin" })).rejects.toMatchObject({
          type: MedusaError.Types.NOT_FOUND,
        })
      })

      it("50 concurrent enrollments of one customer make exactly one distributor", async () => {
        await service.ensureHouse()
        const results = await Promise.all(Array.from({ length: 50 }, () => service.enroll({ customer_id: "cus_race", source: "store_api" })))
        expect(results.filter((r) => r.created)).toHaveLength(1)
        expect(new Set(results.map((r) => r.distributor.id)).size).toBe(1)
        const rows = await query(dbConfig.clientUrl, `SELECT id FROM mlm_distributor WHERE customer_id = 'cus_race'`)
        expect(rows).toHaveLength(1)
      })

      it("a second enroll of the same customer returns the first row unchanged", async () => {
        const first = await service.enroll({ customer_id: "cus_twice", source: "admin" })
        const other = await enrollUnder(service, "cus_other", (await service.ensureHouse()).id)
        const second = await service.enroll({ customer_id: "cus_twice", sponsor_id: other.id, source: "admin" })
        expect(second).toEqual({ distributor: first.distributor, created: false })
      })
    })

    describe("status", () => {
      it("records each transition; terminated is final; the house stays active", async () => {
        const d = await enrollUnder(service, "cus_st", (await service.ensureHouse()).id)
        const suspended = await service.setStatus({ distributor_id: d.id, status: "suspended", actor_id: "user_1", reason: "chargebacks" })
        expect(suspended.status).toBe("suspended")
        await service.setStatus({ distributor_id: d.id, status: "terminated", actor_id: "user_1", reason: "fraud" })
        await expect(service.setStatus({ distributor_id: d.id, status: "active", actor_id: "user_1", reason: "oops" })).rejects.toMatchObject({
          type: MedusaError.Types.INVALID_DATA,
        })
        const changes = await service.listStatusChanges(d.id)
        expect(changes.map((c) => [c.from_status, c.to_status, c.actor_id, c.reason])).toEqual([
          ["active", "suspended", "user_1", "chargebacks"],
          ["suspended", "terminated", "user_1", "fraud"],
        ])
        const house = await service.ensureHouse()
        await expect(service.setStatus({ distributor_id: house.id, status: "suspended", actor_id: "u", reason: "r" })).rejects.toMatchObject({
          type: MedusaError.Types.INVALID_DATA,
        })
        await expect(service.setStatus({ distributor_id: "mlmdist_nope", status: "active", actor_id: "u", reason: "r" })).rejects.toMatchObject({
          type: MedusaError.Types.NOT_FOUND,
        })
      })

      it("status history is append-only in the database", async () => {
        const d = await enrollUnder(service, "cus_h", (await service.ensureHouse()).id)
        await service.setStatus({ distributor_id: d.id, status: "suspended", actor_id: "u", reason: "r" })
        await expect(query(dbConfig.clientUrl, `UPDATE mlm_status_change SET reason = 'x'`)).rejects.toThrow(/append-only/)
        await expect(query(dbConfig.clientUrl, `DELETE FROM mlm_status_change`)).rejects.toThrow(/append-only/)
      })
    })

    describe("bulkEnroll", () => {
      it("inserts rows whose sponsors come earlier in the batch, with correct depths", async () => {
        const house = await service.ensureHouse()
        const top = await enrollUnder(service, "cus_top", house.id)
        const first = await service.bulkEnroll([
          { customer_id: "cus_b1", sponsor_id: top.id },
          { customer_id: "cus_b2", sponsor_id: top.id, referral_code: "bulk0002" },
        ])
        expect(first.map((d) => [d.customer_id, d.depth, d.sponsor_id])).toEqual([
          ["cus_b1", 2, top.id],
          ["cus_b2", 2, top.id],
        ])
        expect(first[1].referral_code).toBe("BULK0002")
        const many = await service.bulkEnroll(Array.from({ length: 200 }, (_, i) => ({ customer_id: `cus_bulk_${i}`, sponsor_id: first[0].id })))
        expect(many).toHaveLength(200)
        expect(new Set(many.map((d) => d.referral_code)).size).toBe(200)
        await expect(service.bulkEnroll([{ customer_id: "cus_orphan", sponsor_id: "mlmdist_missing" }])).rejects.toMatchObject({
          type: MedusaError.Types.INVALID_DATA,
        })
        const counts = await service.getDownlineLevelCounts(top.id, { max_depth: 5 })
        expect(counts).toEqual([
          { level: 1, count: 2 },
          { level: 2, count: 200 },
        ])
      })
    })
  },
})
