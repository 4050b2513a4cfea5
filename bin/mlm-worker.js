#!/usr/bin/env node
"use strict"
// mlm-worker: the commission worker without Medusa (docs/ledger-operations.md). It runs the
// plugin as built by `medusa plugin:build`, configured by DATABASE_URL, MLM_REDIS_URL or
// REDIS_URL, MLM_QUEUE_PREFIX, MLM_HOLDING_DAYS, MLM_WORKER_CONCURRENCY, MLM_WORKER_BATCH_SIZE.
const path = require("node:path")

const { main } = require(path.join(__dirname, "..", ".medusa", "server", "src", "modules", "mlm", "commissions", "standalone.js"))

main().catch((error) => {
  console.error(error && error.message ? error.message : error)
  process.exit(1)
})
