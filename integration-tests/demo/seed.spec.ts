import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { demoCustomerEmail } from "../../dev/seed/customers"
import { seedDemo, SeedOptions, SeedReport } from "../../dev/seed/index"
import { MARKER_KEY } from "../../dev/seed/marker"
import { DEFAULT_NETWORK_PLAN, groupByDepth, planNetwork } from "../../dev/seed/network-plan"
import { demoOrderLines } from "../../dev/seed/orders"
import { CV_METADATA_KEY, DEMO_CATALOGUE } from "../../dev/seed/products"
import { simulate } from "../../src/engine"
import { DEMO_PLAN } from "../../dev/seed/commissions"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"

jest.setTimeout(300_000)

// The demo seed (dev/seed) at a small size: 120 distributors, an order for every second one.
const OPTIONS: SeedOptions = {
  distributors: 120,
  orderEvery: 2,
  loginCustomers: 3,
  admin: { email: "seed-admin@example.com", password: "seed-admin-password-1" },
  customerPassword: "seed-customer-password-1",
}
const PLAN = planNetwork({ ...DEFAULT_NETWORK_PLAN, size: OPTIONS.distributors })
const ALL_SKUS = DEMO_CATALOGUE.flatMap((product) => product.variants.map((variant) => variant.sku))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let first: SeedReport

    beforeAll(async () => {
      container = getContainer()
      first = await seedDemo(container, OPTIONS)
    })

    const mlmOf = () => container.resolve<MlmModuleService>(MLM_MODULE)

    async function tableCounts() {
      const [, distributors] = await mlmOf().listAndCountDistributors({}, { take: 1 })
      const [, customers] = await container.resolve(Modules.CUSTOMER).listAndCountCustomers({}, { take: 1 })
      const [, orders] = await container.resolve(Modules.ORDER).listAndCountOrders({}, { take: 1 })
      const [, products] = await container.resolve(Modules.PRODUCT).listAndCountProducts({}, { take: 1 })
      const [, users] = await container.resolve(Modules.USER).listAndCountUsers({}, { take: 1 })
      const [, apiKeys] = await container.resolve(Modules.API_KEY).listAndCountApiKeys({}, { take: 1 })
      const [, regions] = await container.resolve(Modules.REGION).listAndCountRegions({}, { take: 1 })
      return { distributors, customers, orders, products, users, apiKeys, regions }
    }

    it("creates exactly the planned store, catalogue, logins, network and orders", async () => {
      expect(first.created).toEqual({
        // sales channel, publishable key, region, 7 tax regions, warehouse, default shipping
        // profile (a fresh test database has none; `medusa exec` on a store finds Medusa's),
        // fulfillment set, service zone, shipping option
        storeRecords: 15,
        products: 5,
        inventoryLevels: 7,
        adminUsers: 1,
        customers: 120,
        customerLogins: 3,
        distributors: 120,
        orders: 60,
        planVersions: 1,
        variantCvRules: ALL_SKUS.length,
        commissionRecords: 60,
      })
      expect(first.planned).toEqual({ distributors: 120, maxDepth: 10, orders: 60 })
      const profiles = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({ type: "default" })
      expect(profiles).toHaveLength(1)
    })

    it("places 120 distributors under one house, level by level as planned, at least 8 deep", async () => {
      const mlm = mlmOf()
      const distributors = await mlm.listDistributors({}, { take: null })
      expect(distributors).toHaveLength(121)
      const houses = distributors.filter((row) => row.is_house)
      expect(houses).toHaveLength(1)
      expect(houses[0].customer_id).toBeNull()

      const levels = await mlm.getDownlineLevelCounts(houses[0].id, { max_depth: 20 })
      const planned = groupByDepth(PLAN).map((level, index) => ({ level: index + 1, count: level.length }))
      expect(levels).toEqual(planned)
      expect(levels.length).toBeGreaterThanOrEqual(8)
      expect(levels.reduce((sum, level) => sum + level.count, 0)).toBe(120)

      // Sponsors are the planned ones: the sample at plan index 1 hangs under plan index 0.
      const [sample] = first.marker.sample_referral_codes.filter((s) => s.email === demoCustomerEmail(1))
      const resolved = await mlm.resolveReferralCode(sample.referral_code)
      expect(resolved.ok).toBe(true)
      const upline = await mlm.getUpline(resolved.ok ? resolved.distributor.id : "", { max_depth: 20 })
      expect(upline.map((row) => row.referral_code)).toEqual([
        houses[0].referral_code,
        first.marker.sample_referral_codes.find((s) => s.email === demoCustomerEmail(0))!.referral_code,
      ])
    })

    it("gives every variant its CV in metadata.mlm_cv_bp, as in the catalogue", async () => {
      const variants = await container
        .resolve(Modules.PRODUCT)
        .listProductVariants({ sku: ALL_SKUS }, { select: ["sku", "metadata"] })
      const cvBySku = Object.fromEntries(variants.map((variant) => [variant.sku, variant.metadata?.[CV_METADATA_KEY]]))
      expect(cvBySku).toEqual({
        "MLM-GREENS-30": 6000,
        "MLM-GREENS-90": 6000,
        "MLM-OMEGA-60": 5000,
        "MLM-SHAKE-VAN": 5000,
        "MLM-SHAKE-CHO": 5000,
        "MLM-SERUM-30": 4000,
        "MLM-WELCOME-KIT": 0,
      })
    })

    it("orders one planned basket for every second customer, priced from the catalogue", async () => {
      const customers = await container
        .resolve(Modules.CUSTOMER)
        .listCustomers({ email: [demoCustomerEmail(0), demoCustomerEmail(1)] }, { select: ["id", "email"] })
      const idOf = (index: number) => customers.find((c) => c.email === demoCustomerEmail(index))!.id
      const orderService = container.resolve(Modules.ORDER)
      expect(await orderService.listOrders({ customer_id: idOf(1) })).toHaveLength(0)

      const [order] = await orderService.listOrders({ customer_id: idOf(0) }, { relations: ["items"] })
      const variants = await container
        .resolve(Modules.PRODUCT)
        .listProductVariants({ sku: ALL_SKUS }, { select: ["id", "sku"] })
      const seeded = DEMO_CATALOGUE.flatMap((product) => product.variants).map((variant) => ({
        id: variants.find((v) => v.sku === variant.sku)!.id,
        sku: variant.sku,
        price: variant.price,
        cvBp: variant.cvBp,
      }))
      const lines = demoOrderLines(0, seeded, DEFAULT_NETWORK_PLAN.seed)
      const actual = order.items!.map((item) => ({
        variant_id: item.variant_id,
        quantity: Number(item.quantity),
        unit_price: Number(item.unit_price),
      }))
      const expected = lines.map((line) => ({
        ...line,
        unit_price: seeded.find((variant) => variant.id === line.variant_id)!.price,
      }))
      const byVariant = (a: { variant_id?: string | null }, b: { variant_id?: string | null }) =>
        String(a.variant_id).localeCompare(String(b.variant_id))
      expect(actual.sort(byVariant)).toEqual(expected.sort(byVariant))
      expect(order.currency_code).toBe("eur")
    })

    it("lets the seeded admin and a seeded distributor log in", async () => {
      const admin = await api.post("/auth/user/emailpass", OPTIONS.admin, { validateStatus: () => true })
      expect(admin.status).toBe(200)
      expect(typeof admin.data.token).toBe("string")
      const wrong = await api.post(
        "/auth/user/emailpass",
        { email: OPTIONS.admin.email, password: "not-the-password" },
        { validateStatus: () => true }
      )
      expect(wrong.status).toBe(401)

      const customer = await api.post(
        "/auth/customer/emailpass",
        { email: demoCustomerEmail(0), password: OPTIONS.customerPassword },
        { validateStatus: () => true }
      )
      expect(customer.status).toBe(200)
      const me = await api.get("/store/customers/me", {
        headers: { authorization: `Bearer ${customer.data.token}`, "x-publishable-api-key": first.marker.publishable_key },
        validateStatus: () => true,
      })
      expect(me.status).toBe(200)
      expect(me.data.customer.email).toBe(demoCustomerEmail(0))
    })

    it("records the seed in the store metadata", async () => {
      const [store] = await container.resolve(Modules.STORE).listStores({}, { select: ["metadata"] })
      const marker = store.metadata?.[MARKER_KEY] as SeedReport["marker"]
      expect(marker.distributors).toBe(120)
      expect(marker.order_every).toBe(2)
      expect(marker.admin_email).toBe(OPTIONS.admin.email)
      expect(marker.login_customer_emails).toEqual([0, 1, 2].map(demoCustomerEmail))
      expect(marker.sample_referral_codes.map((s) => s.depth)).toEqual([1, PLAN[1].depth, PLAN[2].depth, 10])
    })

    it("creates nothing on a second run", async () => {
      const before = await tableCounts()
      const second = await seedDemo(container, OPTIONS)
      expect(second.created).toEqual({
        storeRecords: 0,
        products: 0,
        inventoryLevels: 0,
        adminUsers: 0,
        customers: 0,
        customerLogins: 0,
        distributors: 0,
        orders: 0,
        planVersions: 0,
        variantCvRules: 0,
        commissionRecords: 0,
      })
      expect(await tableCounts()).toEqual(before)
      expect(before).toMatchObject({ distributors: 121, customers: 120, orders: 60, products: 5, users: 1 })
    })
  
    it("pays the seeded orders' uplines exactly what the engine computes for the demo plan", async () => {
      const gateway = await mlmOf().commissions()
      const members = await gateway.db.exec<{ node_id: number; sponsor_node: number | null; is_house: boolean; enrolled_at: Date }>(
        `SELECT node_id, path[cardinality(path) - 1] AS sponsor_node, is_house, enrolled_at FROM mlm_distributor ORDER BY depth, node_id`,
      )
      const records = await gateway.db.exec<{ order_id: string; owner_node: number; cv_minor: string; placed_at: Date }>(
        `SELECT order_id, owner_node, cv_minor, placed_at FROM mlm_commission_record ORDER BY placed_at, order_id`,
      )
      expect(records).toHaveLength(60)
      const result = simulate({
        plan: DEMO_PLAN,
        // The house is the company: it never earns (terminated members never do).
        members: members.map((m) => ({
          id: String(m.node_id),
          ...(m.sponsor_node ? { sponsor: String(m.sponsor_node) } : {}),
          ...(m.is_house ? { status: "terminated" } : {}),
          enrolled_at: new Date(m.enrolled_at).toISOString(),
        })),
        events: records.map((r) => ({ type: "order", id: r.order_id, buyer: String(r.owner_node), cv: Number(r.cv_minor), at: new Date(r.placed_at).toISOString() })),
      })
      const ledger = await gateway.db.exec<{ beneficiary_node: number; bonus: string; level: number; source_id: string; amount_minor: string }>(
        `SELECT beneficiary_node, bonus, level, source_id, amount_minor FROM mlm_ledger_line`,
      )
      const key = (to: string, bonus: string, level: number, source: string, cents: number) => `${to}|${bonus}|${level}|${source}|${cents}`
      expect(ledger.map((l) => key(String(l.beneficiary_node), l.bonus, l.level, l.source_id, Number(l.amount_minor))).sort()).toEqual(
        result.lines.map((l) => key(l.to, l.bonus, l.level ?? 0, l.source, l.cents)).sort(),
      )
      expect(ledger.length).toBeGreaterThan(100)
    })
  },
})
