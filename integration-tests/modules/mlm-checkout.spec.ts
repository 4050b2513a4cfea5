import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"
import { enrollUnder, MIGRATIONS, query, uniqueDbName } from "./mlm-helpers"

jest.setTimeout(120_000)

moduleIntegrationTestRunner<MlmModuleService>({
  moduleName: MLM_MODULE,
  resolve: "./src/modules/mlm",
  pathToMigrations: MIGRATIONS,
  dbName: uniqueDbName("checkout"),
  testSuite: ({ service, dbConfig }) => {
    async function referrer(customerId = "cus_ref") {
      return enrollUnder(service, customerId, (await service.ensureHouse()).id)
    }

    it("opt-in with a valid code enrolls under the code's owner; a repeat for the order changes nothing", async () => {
      const ref = await referrer()
      const input = { order_id: "order_1", customer_id: "cus_buyer", referral_code: ref.referral_code.toLowerCase(), opt_in: true }
      const first = await service.recordCheckoutEnrollment(input)
      const buyer = await service.retrieveDistributorByCustomer("cus_buyer")
      expect(first).toEqual({ outcome: "enrolled", reason: null, distributor_id: buyer!.id })
      expect(buyer!.sponsor_id).toBe(ref.id)
      const again = await service.recordCheckoutEnrollment({ ...input, opt_in: false, referral_code: null })
      expect(again).toEqual(first)
      const records = await query(dbConfig.clientUrl, `SELECT outcome FROM mlm_checkout_enrollment WHERE order_id = 'order_1'`)
      expect(records).toEqual([{ outcome: "enrolled" }])
    })

    it("concurrent calls for one order record one outcome and one distributor", async () => {
      const ref = await referrer()
      const input = { order_id: "order_race", customer_id: "cus_racer", referral_code: ref.referral_code, opt_in: true }
      const results = await Promise.all(Array.from({ length: 10 }, () => service.recordCheckoutEnrollment(input)))
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1)
      expect(results[0].outcome).toBe("enrolled")
      expect(await query(dbConfig.clientUrl, `SELECT id FROM mlm_distributor WHERE customer_id = 'cus_racer'`)).toHaveLength(1)
    })

    it("opt-in without a code enrolls under the house", async () => {
      const house = await service.ensureHouse()
      const result = await service.recordCheckoutEnrollment({ order_id: "order_h", customer_id: "cus_h", referral_code: null, opt_in: true })
      expect(result.outcome).toBe("enrolled")
      expect((await service.retrieveDistributorByCustomer("cus_h"))!.sponsor_id).toBe(house.id)
    })

    it("an existing distributor is already_distributor", async () => {
      const ref = await referrer()
      const result = await service.recordCheckoutEnrollment({ order_id: "order_e", customer_id: "cus_ref", referral_code: null, opt_in: true })
      expect(result).toEqual({ outcome: "already_distributor", reason: null, distributor_id: ref.id })
    })

    it("no opt-in attributes the customer to the referrer; the first referrer wins", async () => {
      const first = await referrer("cus_r1")
      const second = await referrer("cus_r2")
      const a = await service.recordCheckoutEnrollment({ order_id: "order_a1", customer_id: "cus_shopper", referral_code: first.referral_code, opt_in: false })
      expect(a).toEqual({ outcome: "attributed", reason: null, distributor_id: first.id })
      const b = await service.recordCheckoutEnrollment({ order_id: "order_a2", customer_id: "cus_shopper", referral_code: second.referral_code, opt_in: false })
      expect(b).toEqual({ outcome: "attributed", reason: "already_attributed", distributor_id: first.id })
      expect(await service.getAttribution("cus_shopper")).toMatchObject({ customer_id: "cus_shopper", referrer_id: first.id, source: "checkout" })
      expect(await service.getAttribution("cus_nobody")).toBeNull()
      expect(await service.retrieveDistributorByCustomer("cus_shopper")).toBeNull()
    })

    it("skips, with the reason recorded and without throwing: bad codes, guests, no code", async () => {
      const house = await service.ensureHouse()
      const cases: Array<[string, string | null, string | null, boolean, string]> = [
        ["order_s1", "cus_s1", "NOPE1234", true, "unknown_referral_code"],
        ["order_s2", null, null, true, "no_customer"],
        ["order_s3", "cus_s3", null, false, "no_referral_code"],
      ]
      for (const status of ["suspended", "terminated", "pending"] as const) {
        const d = await enrollUnder(service, `cus_${status}`, house.id)
        await service.setStatus({ distributor_id: d.id, status, actor_id: "u", reason: "r" })
        cases.push([`order_${status}`, `cus_buy_${status}`, d.referral_code, true, `sponsor_${status}`])
      }
      for (const [orderId, customerId, code, optIn, reason] of cases) {
        const result = await service.recordCheckoutEnrollment({ order_id: orderId, customer_id: customerId, referral_code: code, opt_in: optIn })
        expect(result).toEqual({ outcome: "skipped", reason, distributor_id: null })
      }
      const stored = await query<{ order_id: string; reason: string }>(
        dbConfig.clientUrl,
        `SELECT order_id, reason FROM mlm_checkout_enrollment WHERE outcome = 'skipped' ORDER BY order_id`
      )
      expect(stored).toHaveLength(6)
      expect(stored.every((row) => row.reason !== "in_progress")).toBe(true)
      const buyers = await query(dbConfig.clientUrl, `SELECT id FROM mlm_distributor WHERE customer_id LIKE 'cus_buy_%' OR customer_id IN ('cus_s1', 'cus_s3')`)
      expect(buyers).toEqual([])
    })

    it("the referral link uses referral_base_url", async () => {
      expect(service.referralLink("ABCD2345")).toBe("/join?ref=ABCD2345")
    })
  },
})
