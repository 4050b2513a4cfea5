// The demo seed as one function of (container, size): used by `medusa exec ./dev/seed.ts` and
// by integration-tests/demo/seed.spec.ts. Every step finds what exists and creates only what
// is missing, so a second run (or a run after a crash) creates nothing twice.
import { MedusaContainer } from "@medusajs/framework/types"
import { MLM_MODULE } from "../../src/modules/mlm"
import type MlmModuleService from "../../src/modules/mlm/service"
import { ensureAdminUser, ensureCustomerLogins } from "./accounts"
import { grantMlmRoleByEmail } from "../../src/api/security/role-grants"
import { ensureDemoCommissions, ensureDemoPlan, ensureDemoVariantCv } from "./commissions"
import { ensureDemoCustomers } from "./customers"
import { MARKER_VERSION, SeedMarker, writeSeedMarker } from "./marker"
import { ensureDemoNetwork } from "./network"
import { DEFAULT_NETWORK_PLAN, maxDepthOf, planNetwork } from "./network-plan"
import { customersWithOrders, ensureDemoOrders } from "./orders"
import { ensureDemoProducts } from "./products"
import { ensureDemoStore } from "./store-setup"

export type SeedOptions = {
  distributors: number
  /** one order for every n-th distributor */
  orderEvery: number
  /** how many demo customers (the first ones) get a password login */
  loginCustomers: number
  admin: { email: string; password: string }
  customerPassword: string
}

export type SeedReport = {
  created: {
    storeRecords: number
    products: number
    inventoryLevels: number
    adminUsers: number
    customers: number
    customerLogins: number
    distributors: number
    orders: number
    planVersions: number
    variantCvRules: number
    commissionRecords: number
  }
  planned: { distributors: number; maxDepth: number; orders: number }
  marker: SeedMarker
}

export const DEFAULT_SEED_SIZE = 1000

export async function seedDemo(container: MedusaContainer, options: SeedOptions): Promise<SeedReport> {
  const plan = planNetwork({ ...DEFAULT_NETWORK_PLAN, size: options.distributors })
  const store = await ensureDemoStore(container)
  const catalogue = await ensureDemoProducts(container, store)
  const adminCreated = await ensureAdminUser(container, options.admin)
  // The demo admin runs the MLM area: the plugin's `admin` role (idempotent).
  await grantMlmRoleByEmail(container, options.admin.email, "admin", "demo-seed")
  const withLogin = (index: number) => index < options.loginCustomers
  const { customers, created: customersCreated } = await ensureDemoCustomers(container, plan.length, withLogin)
  const loginCustomers = customers.filter((customer) => withLogin(customer.index))
  const customerLogins = await ensureCustomerLogins(container, loginCustomers, options.customerPassword)
  const network = await ensureDemoNetwork(container, customers, plan)
  // The plan and CV rules before the orders, so that every seeded order falls under the plan.
  const planVersions = await ensureDemoPlan(container)
  const variantCvRules = await ensureDemoVariantCv(container, catalogue.variants)
  const ordersCreated = await ensureDemoOrders(container, {
    customers,
    orderEvery: options.orderEvery,
    store,
    variants: catalogue.variants,
    seed: DEFAULT_NETWORK_PLAN.seed,
  })
  const commissionRecords = await ensureDemoCommissions(container)

  // A few codes to try: the first distributors (near the top) and the deepest one.
  const deepest = plan.reduce((best, node) => (node.depth > best.depth ? node : best), plan[0])
  const sampleIndexes = [...new Set([0, 1, 2, deepest.index])].filter((index) => index < plan.length)
  const mlm = container.resolve<MlmModuleService>(MLM_MODULE)
  const samples = await mlm.listDistributors(
    { id: sampleIndexes.map((index) => network.distributorIds[index]) },
    { select: ["id", "referral_code"] }
  )
  const codeOf = new Map(samples.map((row) => [row.id, row.referral_code]))
  const marker: SeedMarker = {
    version: MARKER_VERSION,
    distributors: plan.length,
    order_every: options.orderEvery,
    completed_at: new Date().toISOString(),
    admin_email: options.admin.email,
    publishable_key: store.publishableKey,
    house_referral_code: network.house.referral_code,
    sample_referral_codes: sampleIndexes.map((index) => ({
      email: customers[index].email,
      referral_code: codeOf.get(network.distributorIds[index]) as string,
      depth: plan[index].depth,
    })),
    login_customer_emails: loginCustomers.map((customer) => customer.email),
  }
  await writeSeedMarker(container, marker)

  return {
    created: {
      storeRecords: store.created,
      products: catalogue.createdProducts,
      inventoryLevels: catalogue.createdInventoryLevels,
      adminUsers: adminCreated ? 1 : 0,
      customers: customersCreated,
      customerLogins,
      distributors: network.created,
      orders: ordersCreated,
      planVersions,
      variantCvRules,
      commissionRecords,
    },
    planned: {
      distributors: plan.length,
      maxDepth: maxDepthOf(plan),
      orders: customersWithOrders(customers, options.orderEvery).length,
    },
    marker,
  }
}
