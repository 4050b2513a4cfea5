// The test runner forces SSL for any DB_HOST but "localhost" and then hangs (see docs/testing.md).
process.env.DB_HOST = process.env.DB_HOST || "localhost"
process.env.DB_USERNAME = process.env.DB_USERNAME || "postgres"
process.env.DB_PASSWORD = process.env.DB_PASSWORD || ""
process.env.MEDUSA_DISABLE_TELEMETRY = "true"
