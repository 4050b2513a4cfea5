/**
 * The standalone worker's environment (src/modules/mlm/commissions/standalone.ts): defaults,
 * which Redis variable wins, and one clear message for every bad variable. No services needed.
 */
import { workerSettingsFromEnv } from "../../src/modules/mlm/commissions/standalone"

describe("mlm-worker environment", () => {
  it("takes the defaults: prefix mlm, 30 holding days, concurrency 512, batches of 256, 10 connections", () => {
    expect(workerSettingsFromEnv({ DATABASE_URL: "postgres://db/store", REDIS_URL: "redis://cache:6379" })).toEqual({
      DATABASE_URL: "postgres://db/store",
      REDIS_URL: "redis://cache:6379",
      MLM_QUEUE_PREFIX: "mlm",
      MLM_HOLDING_DAYS: 30,
      MLM_WORKER_CONCURRENCY: 512,
      MLM_WORKER_BATCH_SIZE: 256,
      MLM_DB_POOL_SIZE: 10,
    })
  })

  it("prefers MLM_REDIS_URL to REDIS_URL and reads every setting; an empty variable counts as unset", () => {
    expect(
      workerSettingsFromEnv({
        DATABASE_URL: "postgres://db/store",
        MLM_REDIS_URL: "redis://queue:6380",
        REDIS_URL: "redis://cache:6379",
        MLM_QUEUE_PREFIX: "shop-eu",
        MLM_HOLDING_DAYS: "0",
        MLM_WORKER_CONCURRENCY: "64",
        MLM_WORKER_BATCH_SIZE: "",
        MLM_DB_POOL_SIZE: "4",
      }),
    ).toEqual({
      DATABASE_URL: "postgres://db/store",
      REDIS_URL: "redis://queue:6380",
      MLM_QUEUE_PREFIX: "shop-eu",
      MLM_HOLDING_DAYS: 0,
      MLM_WORKER_CONCURRENCY: 64,
      MLM_WORKER_BATCH_SIZE: 256,
      MLM_DB_POOL_SIZE: 4,
    })
  })

  it("refuses missing and bad variables, naming each", () => {
    expect(() => workerSettingsFromEnv({})).toThrow(
      "mlm-worker: bad environment: DATABASE_URL is required (postgres://user:password@host:port/database); REDIS_URL is required: set MLM_REDIS_URL or REDIS_URL",
    )
    expect(() =>
      workerSettingsFromEnv({ DATABASE_URL: "postgres://db/store", REDIS_URL: "redis://cache", MLM_WORKER_BATCH_SIZE: "0", MLM_HOLDING_DAYS: "1.5", MLM_QUEUE_PREFIX: "a:b" }),
    ).toThrow(/^mlm-worker: bad environment: MLM_QUEUE_PREFIX .+; MLM_HOLDING_DAYS .+; MLM_WORKER_BATCH_SIZE .+$/)
  })
})
