// `medusa exec ./dev/seed.ts [distributors]`: seeds the demo store (run by `npm run demo`).
// Size: the argument, else MLM_DEMO_DISTRIBUTORS, else 1,000.
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { readOrCreateCredentials } from "./credentials"
import { DEFAULT_SEED_SIZE, seedDemo } from "./seed/index"

export default async function seedDemoStore({ container, args }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const size = Number(args?.[0] ?? process.env.MLM_DEMO_DISTRIBUTORS ?? DEFAULT_SEED_SIZE)
  if (!Number.isInteger(size) || size < 8 || size > 100_000) {
    throw new Error(`demo network size must be an integer from 8 to 100000, got ${args?.[0] ?? process.env.MLM_DEMO_DISTRIBUTORS}`)
  }
  const credentials = readOrCreateCredentials()
  const started = Date.now()
  logger.info(`mlm demo seed: ${size} distributors`)
  const report = await seedDemo(container, {
    distributors: size,
    orderEvery: 2,
    loginCustomers: 3,
    admin: credentials.admin,
    customerPassword: credentials.customerPassword,
  })
  logger.info(
    `mlm demo seed done in ${((Date.now() - started) / 1000).toFixed(1)}s: created ${JSON.stringify(report.created)}; ` +
      `network ${report.planned.distributors} distributors, ${report.planned.maxDepth} levels, ${report.planned.orders} orders`
  )
}
