import { defineConfig, loadEnv } from "@medusajs/framework/utils"

// Root config: loads the plugin from source (src/ is this app's own code), for the demo store
// and the integration tests. A merchant's store lists "medusa-plugin-mlm" in `plugins` instead.
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const redisUrl = process.env.REDIS_URL

// REDIS_URL alone does not switch Medusa off its in-process event bus, workflow engine and
// locking: the Redis modules must be registered explicitly.
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { url: redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl },
            },
          ],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    {
      resolve: "./src/modules/mlm",
      options: {
        house_referral_code: process.env.MLM_HOUSE_REFERRAL_CODE,
        holding_days: process.env.MLM_HOLDING_DAYS ? Number(process.env.MLM_HOLDING_DAYS) : undefined,
        // The plugin's queue may use its own Redis (MLM_REDIS_URL) even where Medusa uses none.
        redis_url: process.env.MLM_REDIS_URL || redisUrl,
        queue_prefix: process.env.MLM_QUEUE_PREFIX,
        referral_base_url: process.env.MLM_REFERRAL_BASE_URL,
      },
    },
    ...redisModules,
  ],
})
